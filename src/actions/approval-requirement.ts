/** Who may confirm a pending mutation, fixed when it is proposed and stored with it. */
export interface ApprovalRequirement {
  /** Name of the approval rule that applied (`default` when none did). */
  rule: string;
  /** The permission an approver must hold themselves. */
  permission: string;
  /** Roles an approver must hold (any of); empty: anyone holding the permission. */
  roles: string[];
  requesterMayApprove: boolean;
  /** Front ends an approval may come from; empty: any (older stored actions lack it). */
  approveFrom?: string[];
  /** One sentence for cards: "a lead other than U00LEAD". */
  summary: string;
}
