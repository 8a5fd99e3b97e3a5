// Suites that wait on offline plans start first: with two workers, one
// drives Terraform (mostly waiting on it) while the other runs everything
// else, instead of the plans starting last and the run waiting on them.
// (JavaScript: jest loads a sequencer without its transform.)
const Sequencer = require("@jest/test-sequencer").default;

const PLANS_FIRST = ["plan-summary.test.ts", "offline-plan-environments.test.ts"];

function rank(test) {
  const index = PLANS_FIRST.findIndex((name) => test.path.endsWith(name));
  return index === -1 ? PLANS_FIRST.length : index;
}

class PlansFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = PlansFirstSequencer;
