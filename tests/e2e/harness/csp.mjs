// Records Content-Security-Policy violations of every page of a browser user (including
// shadow roots: the event is composed) into `user.cspViolations`.
export async function recordCspViolations(user) {
  user.cspViolations = [];
  await user.context.exposeBinding('__jibberReportCsp', (_source, violation) => user.cspViolations.push(violation));
  await user.context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => globalThis.__jibberReportCsp(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile || event.documentURI}`),
      true,
    );
  });
  return user.cspViolations;
}
