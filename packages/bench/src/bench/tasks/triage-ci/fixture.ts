import type { FixtureFiles } from "../fixture-tree.js";
import { ciLog } from "./ci-log.js";
import { repositoryFiles } from "./repository-content.js";

/** The triage-ci workspace: the repository and its CI log. The seed changes nothing. */
export function triageFiles(): FixtureFiles {
  return new Map([...repositoryFiles(), ["ci.log", ciLog()]]);
}
