/**
 * A payment run's life: drafted, approved by others than the drafter (four eyes; an organisation
 * may ask for two approvers), exported to the bank, then paid as the bank's statements confirm it,
 * or cancelled before it goes out. What may happen next depends only on where it is and who asks.
 */
import { canonicalHash } from '../canonical-json.ts';

export const RUN_STATES = ['draft', 'approved', 'exported', 'paid-in-part', 'paid', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export interface Actor {
  userId: string;
  email: string;
  at: Date;
}

export interface RunLife {
  state: RunState;
  draftedBy: Actor;
  approvals: Actor[];
}

export type Refusal = { code: string; message: string };

/** Why this user may not approve the run now; null when they may. */
export function approvalRefusal(run: RunLife, userId: string): Refusal | null {
  if (run.state !== 'draft') return { code: 'not_draft', message: `the run is ${run.state}: only a draft is approved` };
  if (run.draftedBy.userId === userId)
    return { code: 'four_eyes', message: 'the run was drafted by you: another person approves it (four eyes)' };
  if (run.approvals.some((a) => a.userId === userId)) return { code: 'approved_already', message: 'you approved this run already' };
  return null;
}

export function changeRefusal(run: RunLife): Refusal | null {
  return run.state === 'draft' ? null : { code: 'frozen', message: `the run is ${run.state}: an approved run is never changed` };
}

export function exportRefusal(run: RunLife): Refusal | null {
  if (run.state === 'draft') return { code: 'not_approved', message: 'the run is a draft: it is exported once approved' };
  if (run.state === 'cancelled') return { code: 'cancelled', message: 'the run is cancelled' };
  return null;
}

export function cancelRefusal(run: RunLife): Refusal | null {
  if (run.state === 'draft' || run.state === 'approved') return null;
  return { code: 'not_cancellable', message: `the run is ${run.state}: the bank has its file, so it is not cancelled here` };
}

/** The state a statement's confirmations leave an exported run in. */
export function stateAfterConfirmations(confirmed: number, transfers: number): RunState {
  return confirmed === 0 ? 'exported' : confirmed >= transfers ? 'paid' : 'paid-in-part';
}

/**
 * The run's content as a SHA-256 of its canonical JSON (keys sorted): stored at approval, checked
 * before every export, so a run changed afterwards by any means is refused rather than paid.
 */
export const contentHash = (content: unknown): string => canonicalHash(content);
