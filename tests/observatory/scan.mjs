// Grade pages of a site with Mozilla's HTTP Observatory, one line of JSON per path.
//
// The Observatory's command line grades a host's home page on ports 80 and 443; its retriever takes a
// path and ports, so this runs the same retrieval, tests and scoring (as src/scanner/index.js does)
// for each path given: node scan.mjs HOST HTTPS_PORT HTTP_PORT PATH...
import { ALL_TESTS } from "@mdn/mdn-http-observatory/src/constants.js";
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT } from "@mdn/mdn-http-observatory/src/grader/charts.js";
import { getGradeForScore, getScoreModifier } from "@mdn/mdn-http-observatory/src/grader/grader.js";
import { retrieve } from "@mdn/mdn-http-observatory/src/retriever/retriever.js";

const [hostname, httpsPort, httpPort, ...paths] = process.argv.slice(2);

for (const path of paths) {
  const requests = await retrieve(hostname, { httpsPort, httpPort, path });
  if (!requests.responses.auto) {
    console.log(JSON.stringify({ path, error: "The site seems to be down." }));
    continue;
  }
  const results = ALL_TESTS.map((test) => test(requests));
  let scoreWithExtraCredit = 100;
  let uncurvedScore = 100;
  const tests = {};
  for (const result of results) {
    const modifier = result.result ? getScoreModifier(result.result) : 0;
    scoreWithExtraCredit += modifier;
    if (modifier < 0) uncurvedScore += modifier;
    tests[result.constructor.name] = { result: result.result, pass: result.pass, modifier };
  }
  const score = uncurvedScore >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? scoreWithExtraCredit : uncurvedScore;
  const { grade } = getGradeForScore(score);
  console.log(JSON.stringify({ path, status: requests.responses.auto.status, grade, score, tests }));
}
