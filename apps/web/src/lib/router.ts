import { useEffect, useState } from 'react';

/** Navigates within the app without a page load. */
export function navigate(to: string) {
  if (to === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Like navigate, but replaces the current history entry, so each control change does not pile up Back steps. */
export function replaceLocation(to: string) {
  if (to === window.location.pathname + window.location.search) return;
  window.history.replaceState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path and query; re-renders on navigation. */
export function useLocation() {
  const [loc, setLoc] = useState(() => ({ path: window.location.pathname, search: window.location.search }));
  useEffect(() => {
    const on = () => setLoc({ path: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return loc;
}

/** Intercepts a plain left click on an in-app link. */
export function onLinkClick(e: React.MouseEvent<HTMLAnchorElement>) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = e.currentTarget.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('/api') || href.startsWith('/s/')) return;
  e.preventDefault();
  navigate(href);
}
