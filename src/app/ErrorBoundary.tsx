import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * A render error shows a message and a way back instead of a blank page. The way back is a link
 * to the default experiment: following it changes the hash, which clears the error and renders
 * the lab again (URL sync has loaded that experiment by then), with no full reload.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetHref: string }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  private readonly reset = () => {
    if (this.state.error) this.setState({ error: null });
  };

  override componentDidMount() {
    window.addEventListener('hashchange', this.reset);
  }

  override componentWillUnmount() {
    window.removeEventListener('hashchange', this.reset);
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Attention Lab render error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fatal" role="alert">
        <h1>Something in the lab broke</h1>
        <p>{this.state.error.message}</p>
        <p>
          <a href={this.props.resetHref} data-testid="fatal-reset" onClick={() => window.location.hash === this.props.resetHref && this.reset()}>
            Reload with the default experiment
          </a>
        </p>
      </div>
    );
  }
}
