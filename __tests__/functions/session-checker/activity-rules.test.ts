// When a content request records activity, and the interval the stack renders.
import { activityDue, activityIntervalFor } from "../../../functions/session-checker/activity";

it.each([
  [null, null],
  [300, 75], // the shortest idle timeout an environment may set (5 minutes)
  [1200, 300],
  [3600, 300],
  [86400, 300],
  [4, 1],
  [1, 1], // no interval fits: the checker's config check refuses it
])("idle timeout %p gives an activity interval of %p", (idle, interval) => {
  expect(activityIntervalFor(idle)).toBe(interval);
});

it("is always shorter than any idle timeout an environment may set", () => {
  for (let idle = 300; idle <= 1440 * 60; idle += 60) {
    expect(activityIntervalFor(idle)!).toBeLessThan(idle);
  }
});

it.each([
  [1000, 1299, 300, false],
  [1000, 1300, 300, true],
  [1000, 5000, 300, true],
  [1000, 999, 300, false], // a lastSeenAt ahead of this clock
  [0, 1e9, null, false], // no idle timeout: never
])("last seen %p, now %p, interval %p: due %p", (lastSeenAt, now, interval, due) => {
  expect(activityDue(lastSeenAt, now, interval)).toBe(due);
});
