/** Renders parsed rich text as vnodes: text is always text, links are pre-vetted. */
import type { ComponentChildren } from 'preact';
import type { Block, Inline } from '../manifest/richtext';
import { urlKind } from '../manifest/url';

function renderInline(nodes: Inline[]): ComponentChildren {
  return nodes.map((node) => {
    if (typeof node === 'string') return node;
    switch (node.kind) {
      case 'br': return <br />;
      case 'strong': return <strong>{renderInline(node.children)}</strong>;
      case 'em': return <em>{renderInline(node.children)}</em>;
      case 'code': return <code>{renderInline(node.children)}</code>;
      case 'link': {
        // Judged as the browser's URL parser reads it (url.ts): "/\evil.example" is another
        // host, not a path. A link the parser refused never gets here; anything else that
        // leaves the site opens a new tab without an opener.
        const kind = urlKind(node.href);
        if (kind === undefined) return renderInline(node.children);
        const external = kind === 'external';
        return (
          <a href={node.href} target={external ? '_blank' : undefined} rel={external ? 'noopener noreferrer' : undefined}>
            {renderInline(node.children)}
          </a>
        );
      }
    }
  });
}

export function RichText({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block) =>
        block.kind === 'p' ? (
          <p>{renderInline(block.children)}</p>
        ) : block.kind === 'ul' ? (
          <ul>{block.items.map((item) => <li>{renderInline(item)}</li>)}</ul>
        ) : (
          <ol>{block.items.map((item) => <li>{renderInline(item)}</li>)}</ol>
        ),
      )}
    </>
  );
}
