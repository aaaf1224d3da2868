// The season table on a projector stays current between games without anyone touching
// it: the page reloads itself every 30 s. A script rather than <meta http-equiv=refresh>,
// which screen readers announce and cannot pause (WCAG 2.2.1).
setTimeout(() => window.location.reload(), 30_000);
