/** One surface that throws while rendering is left out and reported; the others still show. */
import { Component, type ComponentChildren } from 'preact';

interface ItemBoundaryProps {
  itemId: string;
  onItemError?: (itemId: string, error: Error) => void;
  children: ComponentChildren;
}

export class ItemBoundary extends Component<ItemBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

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
