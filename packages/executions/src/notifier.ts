import type { Logger } from "pino";

/** What a notifier is told when an execution lands in the dead-letter store. */
export interface DeadLetterNotice {
  deadLetterId: string;
  tenantId: string;
  workflowId: string;
  executionId: string;
  reason: string;
  error?: { code?: string; message: string; node?: string };
}

/** Pluggable notification of failures (log now; email/Slack later). Must not throw for delivery problems it can log. */
export interface Notifier {
  deadLetter(notice: DeadLetterNotice): Promise<void>;
}

/** Writes each notice as a warning on the service's log. */
export function createLogNotifier(log: Pick<Logger, "warn">): Notifier {
  return {
    async deadLetter(notice) {
      log.warn({ deadLetter: notice, tenantId: notice.tenantId, workflowId: notice.workflowId, executionId: notice.executionId }, `execution ${notice.executionId} moved to the dead-letter store: ${notice.reason}`);
    },
  };
}
