import { Component, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** Changes when the learner moves to another step, clearing a previous error. */
  resetKey: string;
}

interface State {
  error: Error | null;
  resetKey: string;
}

/** Shows a readable message instead of a blank page when a lesson chunk fails to load or render. */
export class LessonErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override render() {
    if (this.state.error) {
      return (
        <div role="alert" className="callout callout-warning">
          <p className="callout-title">This lesson could not be shown.</p>
          <p>
            {this.state.error.message}. If the lab was updated while this tab was open, reload the page; your progress
            is kept.
          </p>
        </div>
      );
    }
    return this.props.children;
  }
}
