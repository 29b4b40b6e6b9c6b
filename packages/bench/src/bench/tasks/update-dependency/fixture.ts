import type { FixtureFiles } from "../fixture-tree.js";
import { projectFiles } from "./project-content.js";
import { textkitFiles } from "./textkit-content.js";

/** The whole update-dependency workspace. The seed changes nothing: the fixture is fixed. */
export function updateDependencyFiles(): FixtureFiles {
  return new Map([...projectFiles(), ...textkitFiles()]);
}
