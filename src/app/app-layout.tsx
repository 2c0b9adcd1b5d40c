import catalog, { agendaBreaks } from "virtual:lab-catalog";
import { useCallback, useId, useState, useSyncExternalStore } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { ErrorBoundary } from "../components/error-boundary.tsx";
import { AgendaSidebar } from "../features/labs/agenda-sidebar.tsx";
import { useProgressStore } from "../features/progress/progress-store.ts";
import { SearchDialog } from "../features/search/search-dialog.tsx";
import { type ThemeChoice, useThemeStore } from "../features/theme/theme-store.ts";
import { TimelinePanel } from "../features/timeline/timeline-panel.tsx";
import { LAB_TOOLS } from "../lib/app-paths.ts";
import { clearAppStorage } from "../lib/app-storage.ts";
import { basePath } from "../lib/lab-config.ts";
import { traceLog } from "../lib/trace-log.ts";
import { ResetLabButton } from "./reset-lab-dialog.tsx";

function resetLab() {
  clearAppStorage([localStorage, sessionStorage]);
  // A full reload rebuilds every store and mock server from the now-empty storage.
  window.location.reload();
}

/**
 * The agenda with the learner's progress marks. The progress subscription lives here, not in the layout: a step's
 * first visit updates the store right after the page hydrates, and that should render the agenda again, not the
 * header, search and Timeline with it.
 */
function AgendaWithProgress({ onNavigate }: { onNavigate: () => void }) {
  const completed = useProgressStore((s) => s.completed);
  const visited = useProgressStore((s) => s.visited);
  return (
    <AgendaSidebar
      catalog={catalog}
      breaks={agendaBreaks}
      completed={completed}
      visited={visited}
      onNavigate={onNavigate}
    />
  );
}

/** Header, agenda sidebar and main area shared by every lab page. */
export function AppLayout() {
  const theme = useThemeStore((s) => s.theme);
  const setTheme = useThemeStore((s) => s.setTheme);
  const presenter = useThemeStore((s) => s.presenter);
  const togglePresenter = useThemeStore((s) => s.togglePresenter);
  const [menuOpen, setMenuOpen] = useState(false);
  // Stable, so the agenda's memoised step links do not all render again with every change of the layout.
  const closeMenu = useCallback(() => setMenuOpen(false), []);
  const [timelineOpen, setTimelineOpen] = useState(false);
  // Zero in the prerendered HTML and in the render that hydrates it; then the tab's own Timeline.
  const eventCount = useSyncExternalStore(
    traceLog.subscribe,
    () => traceLog.getState().events.length,
    () => 0,
  );
  const themeId = useId();
  const location = useLocation();
  const sidebarId = "agenda-sidebar";

  return (
    <div className="layout" data-menu={menuOpen ? "open" : "closed"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="button menu-button"
          aria-expanded={menuOpen}
          aria-controls={sidebarId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          Agenda
        </button>
        <Link to="/" className="brand">
          SMART on FHIR Lab
        </Link>
        <div className="topbar-actions">
          <SearchDialog />
          <label htmlFor={themeId} className="theme-label presenter-hide">
            Theme
          </label>
          <select
            id={themeId}
            // The visible label is hidden on a phone (no room): the name stays.
            aria-label="Theme"
            className="presenter-hide"
            value={theme}
            onChange={(e) => setTheme(e.target.value as ThemeChoice)}
          >
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          <button
            type="button"
            className="button"
            aria-expanded={timelineOpen}
            aria-controls="timeline-panel"
            onClick={() => setTimelineOpen((open) => !open)}
          >
            Timeline <span className="badge">{eventCount}</span>
          </button>
          <button type="button" className="button" aria-pressed={presenter} onClick={togglePresenter}>
            Presenter mode
          </button>
          {presenter ? (
            <button
              type="button"
              className="button"
              onClick={() => window.open(`${basePath}presenter`, "smart-lab-presenter", "popup,width=960,height=720")}
            >
              Open presenter view
            </button>
          ) : null}
          <span className="presenter-hide">
            <ResetLabButton onConfirm={resetLab} />
          </span>
        </div>
      </header>
      <div className="app-body">
        <aside id={sidebarId} className="sidebar" aria-label="Agenda">
          <AgendaWithProgress key={location.pathname} onNavigate={closeMenu} />
          <nav className="lab-tools" aria-label="Lab tools">
            <p className="agenda-session-title">Lab tools</p>
            <ul>
              {LAB_TOOLS.map((tool) => (
                <li key={tool.path}>
                  {tool.fullPage ? (
                    <a href={`${basePath}${tool.path.slice(1)}`} className="agenda-link">
                      {tool.label}
                    </a>
                  ) : (
                    <NavLink to={tool.path} className="agenda-link" onClick={() => setMenuOpen(false)}>
                      {tool.label}
                    </NavLink>
                  )}
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <main id="main" className="app-main">
          <Outlet />
        </main>
        {timelineOpen ? (
          <div id="timeline-panel">
            <ErrorBoundary what="The timeline">
              <TimelinePanel onClose={() => setTimelineOpen(false)} />
            </ErrorBoundary>
          </div>
        ) : null}
      </div>
    </div>
  );
}
