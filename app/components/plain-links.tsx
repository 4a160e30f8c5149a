import { useNavigate } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * A subtree of plain `<a href>` links that still navigate client-side like Remix's `<Link>`.
 *
 * A `<Link>` resolves its path and sets up its handlers through several hooks each time it renders;
 * on a case page with 1,600 links that was about half of the server's rendering time (bench/, issue 7).
 * Here the links are plain anchors and one click listener on the wrapper hands ordinary left clicks on
 * same-origin links to the router; modified clicks (new tab, download) and everything without
 * JavaScript behave as the browser does with any link.
 */
export function PlainLinks({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) {
        return;
      }
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || !element.contains(anchor)) return;
      if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(url.pathname + url.search + url.hash);
    };
    element.addEventListener("click", onClick);
    return () => element.removeEventListener("click", onClick);
  }, [navigate]);
  return (
    <div ref={ref} className={className}>
      {children}
    </div>
  );
}
