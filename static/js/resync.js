// A broadcast can go missing: a server process that dies between recording a
// round's end and sending it, or a message-queue reconnect between processes.
// If a question's end has not arrived a few seconds after its deadline, ask for
// the room's snapshot again (the same attach or rejoin a reconnect sends): its
// reply draws whatever was missed.

const GRACE_MS = 3000;

export function watchQuestionEnds(socket, resync) {
  let timer = null;
  let open = null;
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const arm = (q) => {
    stop();
    open = q.index;
    const left = Math.max(0, q.deadline - q.server_time);
    timer = setTimeout(() => { timer = null; resync(); }, left + GRACE_MS);
  };
  socket.on('question:start', arm);
  socket.on('question:end', (end) => { if (end.index === open) stop(); });
  socket.on('game:over', stop);
  // a paused question has no deadline; resuming gives it a new one
  socket.on('game:paused', stop);
  socket.on('game:resumed', (msg) => {
    if (msg.phase === 'question' && msg.index === open) arm({ index: msg.index, deadline: msg.deadline, server_time: msg.server_time });
  });
  return {
    /** Call with every snapshot: an open question is watched, anything else is not. */
    fromState(state) {
      if (state.phase === 'question' && state.question) arm(state.question);
      else stop();
    },
  };
}
