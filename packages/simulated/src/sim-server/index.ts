export {
  createFaultInjector,
  type FaultKind,
  type FaultRate,
  type FaultSpec,
  faultKinds,
  type InjectedFault,
  parseFaultSpec,
} from "./fault-spec.js";
export { ScaledClock } from "./scaled-clock.js";
export {
  createSimServer,
  type RunningSimServer,
  type SimServer,
  type SimServerOptions,
} from "./sim-server.js";
