import type { FixtureFiles } from "../fixture-tree.js";
import { consumerFiles } from "./consumer-content.js";
import { libraryFiles } from "./library-content.js";

/** The breaking-changes-patch workspace: both library releases and the consumer. The seed changes nothing. */
export function breakingChangesFiles(): FixtureFiles {
  return new Map([...libraryFiles(), ...consumerFiles()]);
}
