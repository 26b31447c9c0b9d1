import type { ApprovalRequirement } from '../actions/approval-requirement.js';

/** The policy's answer for one call; the gateway acts on it, tools never see it. */
export type Decision =
  | { outcome: 'allow'; permission: string; reason: string }
  | { outcome: 'deny'; permission: string; reason: string }
  | { outcome: 'confirm'; permission: string; reason: string; approval: ApprovalRequirement };
