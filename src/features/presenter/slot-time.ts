/** "HH:MM" → minutes since midnight. */
function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** "HH:MM" of minutes since midnight. */
function timeOf(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/**
 * How much of a session's agenda slot the presentation has used: minutes since the session was first shown, against
 * its planned length, and the slot as the agenda has it ("11:10–12:10").
 */
export function slotUse(session: { time: string; minutes: number }, startedAt: number, now: number) {
  const used = Math.max(0, Math.floor((now - startedAt) / 60_000));
  const start = minutesOf(session.time);
  return {
    used,
    planned: session.minutes,
    over: used > session.minutes,
    slot: `${session.time}–${timeOf(start + session.minutes)}`,
  };
}
