/** One surface that throws while rendering is left out and reported; the others still show. */
import { Component, type ComponentChildren } from 'preact';

interface ItemBoundaryProps {
  itemId: string;
  /** A new value gives a surface that failed another try (a tour's next step). */
  resetKey?: unknown;
  onItemError?: (itemId: string, error: Error) => void;
  children: ComponentChildren;
}

export class ItemBoundary extends Component<ItemBoundaryProps, { failed: boolean; resetKey?: unknown }> {
  override state = { failed: false, resetKey: this.props.resetKey };

  static override getDerivedStateFromProps(props: ItemBoundaryProps, state: { failed: boolean; resetKey?: unknown }) {
    return props.resetKey === state.resetKey ? null : { failed: false, resetKey: props.resetKey };
  }

  static override getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error) {
    this.props.onItemError?.(this.props.itemId, error);
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
