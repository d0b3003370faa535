// Test page: items whose targets are inside the same-origin iframe #editor, and one inside a
// cross-origin frame (added on demand, served from localhost while the page is on 127.0.0.1).
const params = new URLSearchParams(location.search);
const frames = (window.frames_ = { errors: [], events: [] });
const items = [
  { id: 'bold-tip', type: 'tooltip', target: { frame: '#editor', anchor: 'bold' }, placement: 'bottom', body: 'Makes text **bold**.' },
  { id: 'italic-spot', type: 'hotspot', target: { frame: '#editor', selector: '#italic' }, title: 'Italic', body: 'Slanted text.' },
  { id: 'frame-tour', type: 'tour', trigger: { event: 'never' }, steps: [{ target: { frame: '#editor', anchor: 'bold' }, placement: 'bottom', title: 'Bold', body: 'In the editor.' }] },
];
if (params.get('cross')) items.push({ id: 'far-tip', type: 'tooltip', target: { frame: '#far', selector: '#bold' }, body: 'Unreachable.' });
if (params.get('cross')) {
  const far = document.createElement('iframe');
  far.id = 'far';
  far.title = 'Another origin';
  far.src = `http://localhost:${location.port}/editor.html`;
  document.getElementById('elsewhere').append(far);
}
frames.gp = window.Guidepost.createGuidepost({
  manifest: { schemaVersion: 1, revision: 'frames', items },
  locale: 'en',
  targetTimeoutMs: 10000,
  onError: (error) => frames.errors.push({ code: error.code, message: error.message }),
  onEvent: (event) => frames.events.push(event.type),
});
frames.gp.start().then(() => {
  document.documentElement.dataset.ready = 'true';
});
