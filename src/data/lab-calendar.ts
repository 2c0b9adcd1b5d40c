/** One day in milliseconds: the generator's dates are whole days from the lab's "today". */
export const DAY = 86_400_000;

/** The time `hour` o'clock (UTC) on the day of `time`. */
export function atHour(time: number, hour: number): number {
  return Math.floor(time / DAY) * DAY + hour * 3_600_000;
}
