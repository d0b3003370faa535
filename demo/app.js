// Tasklane: a small project-management app used to show Guidepost embedded the way a
// customer would embed it — from the built IIFE bundle, with a manifest URL and a collector.

const screens = {
  '/': projectsScreen,
  '/board': boardScreen,
  '/reports': reportsScreen,
  '/settings': settingsScreen,
  '/billing': billingScreen,
};

const app = document.getElementById('app');
const projects = [
  { name: 'Website relaunch', tasks: 18, due: 'Dec 12' },
  { name: 'Mobile onboarding', tasks: 7, due: 'Jan 8' },
  { name: 'Q1 planning', tasks: 11, due: 'Jan 20' },
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2).toLowerCase(), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) node.append(child);
  return node;
}

function projectsScreen() {
  const list = el('div', { class: 'cards' }, projects.map((p) =>
    el('article', { class: 'card' }, el('h2', {}, p.name), el('p', {}, `${p.tasks} tasks · due ${p.due}`))));
  return [
    el('h1', {}, 'Projects'),
    el('div', { class: 'toolbar' },
      el('button', { class: 'primary', id: 'new-project', 'data-help': 'new-project', onClick: () => {
        projects.push({ name: `Untitled project ${projects.length + 1}`, tasks: 0, due: '—' });
        gp?.track('project_created', { template: 'blank' });
        render();
      } }, 'New project'),
      el('button', { id: 'import-projects' }, 'Import')),
    list,
  ];
}

function boardScreen() {
  const column = (title, tasks) => el('section', { class: 'column', 'aria-label': title }, el('h2', {}, title), tasks.map((t) => el('div', { class: 'task' }, t)));
  return [
    el('h1', { id: 'board-title' }, 'Board'),
    el('div', { class: 'toolbar' },
      el('button', { class: 'primary', id: 'add-task', 'data-help': 'add-task', onClick: () => gp?.track('task_created') }, 'Add task'),
      el('button', { id: 'filter-tasks' }, 'Filter')),
    el('div', { class: 'board' },
      column('To do', ['Write launch copy', 'Review pricing page']),
      column('In progress', ['New onboarding flow']),
      column('Done', ['Kickoff meeting'])),
  ];
}

function reportsScreen() {
  return [
    el('h1', { id: 'reports-title' }, 'Reports'),
    el('div', { class: 'toolbar' }, el('button', { id: 'export-report', 'data-help': 'export', onClick: () => gp?.track('report_exported') }, 'Export CSV')),
    el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, 'Project'), el('th', {}, 'Done'), el('th', {}, 'Open'))),
      el('tbody', {}, projects.map((p) => el('tr', {}, el('td', {}, p.name), el('td', {}, String(Math.floor(p.tasks / 2))), el('td', {}, String(Math.ceil(p.tasks / 2))))))),
  ];
}

function settingsScreen() {
  return [
    el('h1', {}, 'Settings'),
    el('div', { class: 'field' }, el('label', { for: 'workspace-name' }, 'Workspace name'), el('input', { id: 'workspace-name', value: 'Acme Inc.' })),
    el('div', { class: 'field' }, el('label', { for: 'week-start' }, 'Week starts on'),
      el('select', { id: 'week-start', 'data-help': 'week-start' }, el('option', {}, 'Monday'), el('option', {}, 'Sunday'))),
    el('button', { class: 'primary', onClick: () => gp?.track('settings_saved') }, 'Save'),
  ];
}

function billingScreen() {
  const plan = (name, price, id) => el('div', { class: 'plan' }, el('h2', {}, name), el('p', { class: 'price' }, price),
    el('button', { class: 'primary', id, onClick: () => { gp?.track('upgraded', { plan: name }); notice(`You are now on ${name}.`); } }, `Choose ${name}`));
  return [
    el('h1', {}, 'Billing'),
    el('div', { id: 'billing-notice' }),
    el('div', { class: 'plans', 'data-help': 'plans' }, plan('Team', '$8 / user', 'choose-team'), plan('Business', '$16 / user', 'choose-business')),
  ];
}

function notice(text) {
  const box = document.getElementById('billing-notice');
  if (box) box.replaceChildren(el('p', { class: 'notice', role: 'status' }, text));
}

function render() {
  const path = location.pathname in screens ? location.pathname : '/';
  app.replaceChildren(...screens[path]());
  document.title = `Tasklane — ${path === '/' ? 'projects' : path.slice(1)}`;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// Client-side routing with the History API, as most single-page apps do.
function navigate(path) {
  history.pushState({}, '', path);
  render();
  app.focus();
}
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
  if (!link || event.metaKey || event.ctrlKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);

// --- Guidepost, embedded as a customer would ---
const params = new URLSearchParams(location.search);
const locale = params.get('lang') || localStorage.getItem('tasklane.locale') || 'en';
const userId = localStorage.getItem('tasklane.user') || `u_${Math.random().toString(36).slice(2, 10)}`;
localStorage.setItem('tasklane.user', userId);
// Each browser is its own workspace, so the help-link holdout experiment splits visitors.
const accountId = localStorage.getItem('tasklane.account') || `acct_${Math.random().toString(36).slice(2, 10)}`;
localStorage.setItem('tasklane.account', accountId);

const switcher = document.getElementById('locale-switcher');
switcher.value = locale;
switcher.addEventListener('change', () => {
  localStorage.setItem('tasklane.locale', switcher.value);
  location.reload();
});

const gp = window.Guidepost?.createGuidepost({
  manifest: params.get('manifest') || '/manifest.json',
  user: { id: userId, accountId, traits: { plan: 'trial', firstName: 'Ada', role: 'admin' }, accountTraits: { plan: 'trial', seats: 5 } },
  locale,
  endpoint: '/collect',
  // A tour step's "Take me there" uses the app's router: no page reload.
  navigate,
  onEvent: (event) => console.debug('[tasklane] guidepost event', event.type, event.item_id ?? event.name),
  onError: (error) => console.warn('[tasklane] guidepost:', error.message),
});

document.getElementById('reset-demo').addEventListener('click', async () => {
  await gp?.reset();
  localStorage.removeItem('tasklane.user');
  localStorage.removeItem('tasklane.account');
  location.reload();
});

render();
void gp?.start();
// Exposed for the browser tests and for trying the API in the console.
window.tasklane = { gp };
