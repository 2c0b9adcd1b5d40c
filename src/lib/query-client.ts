import { QueryClient } from "@tanstack/react-query";

/**
 * The app's one react-query client. Mock-server answers are cheap and deterministic, and a learner's edits must
 * show at once, so data is considered stale immediately and a failed request is not retried behind their back.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, staleTime: 0, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});
