import { Component, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** What failed, for the message ("The timeline", "The flow visualizer"). */
  what: string;
  /** Changes when the view should try again (another step, another flow), clearing a previous error. */
  resetKey?: string;
  /** A sentence on what the learner can do; defaults to reloading. */
  hint?: string;
  /** Shown instead of the alert (a view with its own fallback, such as a plain text box for an editor). */
  fallback?: ReactNode;
  /** Told about the error, so the parent can switch to its fallback. */
  onError?: (error: Error) => void;
}

interface State {
  error: Error | null;
  resetKey: string | undefined;
}

/**
 * Contains a rendering bug to the view it happened in: the learner sees what failed, in an alert, and the rest
 * of the lab keeps working — never a blank app.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error) {
    console.error(`${this.props.what} failed to render:`, error);
    this.props.onError?.(error);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    if (this.props.fallback !== undefined) return this.props.fallback;
    return (
      <div role="alert" className="callout callout-warning">
        <p className="callout-title">{this.props.what} could not be shown.</p>
        <p>
          {this.state.error.message}. {this.props.hint ?? "Reload the page to try again; nothing you did is lost."}
        </p>
      </div>
    );
  }
}
