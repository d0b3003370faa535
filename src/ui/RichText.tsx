/** Renders parsed rich text as vnodes: text is always text, links are pre-vetted. */
import type { ComponentChildren } from 'preact';
import type { Block, Inline } from '../manifest/richtext';

function renderInline(nodes: Inline[]): ComponentChildren {
  return nodes.map((node) => {
    if (typeof node === 'string') return node;
    switch (node.kind) {
      case 'br': return <br />;
      case 'strong': return <strong>{renderInline(node.children)}</strong>;
      case 'em': return <em>{renderInline(node.children)}</em>;
      case 'code': return <code>{renderInline(node.children)}</code>;
      case 'link': {
        const external = /^(https?:)?\/\//i.test(node.href);
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
