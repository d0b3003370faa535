import type { AnchorHTMLAttributes } from 'react';
import { HelpAnchor, useTour, useTrack } from 'guidepost/react';
import { navigate, usePath } from './router';

/** A link that navigates without reloading; other props (data-help from HelpAnchor) reach the <a>. */
function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      href={to}
      {...rest}
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}

function Projects() {
  const track = useTrack();
  const tour = useTour('welcome-tour');
  return (
    <section>
      <HelpAnchor name="projects-title">
        <h1>Projects</h1>
      </HelpAnchor>
      <HelpAnchor name="new-project">
        <button type="button" onClick={() => track('project_created')}>
          New project
        </button>
      </HelpAnchor>
      <button type="button" id="take-tour" onClick={tour.start} disabled={tour.state === 'showing'}>
        Take the tour
      </button>
      <p>
        Tour: <output id="tour-state">{tour.state}</output>
      </p>
    </section>
  );
}

function Reports() {
  return (
    <section>
      <HelpAnchor name="reports-title">
        <h1>Reports</h1>
      </HelpAnchor>
      <p>Nothing to report yet.</p>
    </section>
  );
}

export function App() {
  const path = usePath();
  return (
    <>
      <nav>
        <Link to="/" id="nav-projects">
          Projects
        </Link>
        <HelpAnchor name="nav-reports">
          <Link to="/reports" id="nav-reports">
            Reports
          </Link>
        </HelpAnchor>
      </nav>
      <main>{path === '/reports' ? <Reports /> : <Projects />}</main>
    </>
  );
}
