import { Component, type ReactNode } from "react";

interface Props {
  children: ReactNode;
  /** What to show instead when the editor chunk fails to load or throws. */
  fallback: ReactNode;
  onError(): void;
}

interface State {
  failed: boolean;
}

/** Falls back to the plain textarea when Monaco cannot load (offline without cache, a blocked chunk, an old browser). */
export class ScopeEditorErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error) {
    console.warn("The scope editor fell back to a plain text box:", error);
    this.props.onError();
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
