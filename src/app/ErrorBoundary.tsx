import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A render error shows a message and a way back instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
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
          <a href="#">Reload with the default experiment</a>
        </p>
      </div>
    );
  }
}
