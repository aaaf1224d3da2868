// Shuffled answers (room setting shuffle_answers): the phone shows the choices in its
// group's order and answers with the positions it showed; the server maps them back.

/** The question as this phone shows it. A snapshot's question is already in the
 * phone's order (it carries `perm`); a question:start carries every group's `perms`. */
export function asShown(q, group) {
  if (!q || q.perm || !q.perms) return q;
  const perm = q.perms[(group || 0) % q.perms.length];
  return { ...q, choices: perm.map((i) => q.choices[i]), perm };
}

/** The question in the pack's order, which question:end's `correct` speaks of. */
export function inPackOrder(q) {
  if (!q || !q.perm || q.perms) return q;
  const choices = [];
  q.perm.forEach((packIndex, shown) => { choices[packIndex] = q.choices[shown]; });
  return { ...q, choices };
}
