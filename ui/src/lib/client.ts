// Generated from the core's command table (rapport-core, api/table.rs) by
// `cargo test -p rapport-core`. Do not edit: change the table and run the tests.
// The only place the UI reaches the core.

import type { AcceptedSuggestion } from './bindings/AcceptedSuggestion';
import type { AddContactRequest } from './bindings/AddContactRequest';
import type { AddDealRequest } from './bindings/AddDealRequest';
import type { AddFollowUpRequest } from './bindings/AddFollowUpRequest';
import type { ApiError } from './bindings/ApiError';
import type { BackupResult } from './bindings/BackupResult';
import type { BatchInfo } from './bindings/BatchInfo';
import type { BulkOutcome } from './bindings/BulkOutcome';
import type { BulkPreview } from './bindings/BulkPreview';
import type { BulkRequest } from './bindings/BulkRequest';
import type { BulkTarget } from './bindings/BulkTarget';
import type { CadenceRule } from './bindings/CadenceRule';
import type { CalendarImportRequest } from './bindings/CalendarImportRequest';
import type { CalendarImportSummary } from './bindings/CalendarImportSummary';
import type { CampaignCreated } from './bindings/CampaignCreated';
import type { CampaignDetail } from './bindings/CampaignDetail';
import type { CampaignDraft } from './bindings/CampaignDraft';
import type { CampaignList } from './bindings/CampaignList';
import type { CampaignListRequest } from './bindings/CampaignListRequest';
import type { CampaignRef } from './bindings/CampaignRef';
import type { CampaignReport } from './bindings/CampaignReport';
import type { CapturePreview } from './bindings/CapturePreview';
import type { CaptureRequest } from './bindings/CaptureRequest';
import type { CaptureUndo } from './bindings/CaptureUndo';
import type { CaptureUndoRequest } from './bindings/CaptureUndoRequest';
import type { Captured } from './bindings/Captured';
import type { ChangeSettingRequest } from './bindings/ChangeSettingRequest';
import type { CheckResult } from './bindings/CheckResult';
import type { CloseCaseRequest } from './bindings/CloseCaseRequest';
import type { CloseDealRequest } from './bindings/CloseDealRequest';
import type { CompleteFollowUpRequest } from './bindings/CompleteFollowUpRequest';
import type { Contact } from './bindings/Contact';
import type { ContactDraft } from './bindings/ContactDraft';
import type { ContactFromTextRequest } from './bindings/ContactFromTextRequest';
import type { ContactRequest } from './bindings/ContactRequest';
import type { ContactSummary } from './bindings/ContactSummary';
import type { Deal } from './bindings/Deal';
import type { DealQuery } from './bindings/DealQuery';
import type { DesktopIntegration } from './bindings/DesktopIntegration';
import type { DesktopIntegrationChange } from './bindings/DesktopIntegrationChange';
import type { DuplicateList } from './bindings/DuplicateList';
import type { DuplicatesRequest } from './bindings/DuplicatesRequest';
import type { ExportRequest } from './bindings/ExportRequest';
import type { ExportResult } from './bindings/ExportResult';
import type { FollowUp } from './bindings/FollowUp';
import type { ImportFileRequest } from './bindings/ImportFileRequest';
import type { ImportReport } from './bindings/ImportReport';
import type { ImportUndoRequest } from './bindings/ImportUndoRequest';
import type { Interaction } from './bindings/Interaction';
import type { InteractionRequest } from './bindings/InteractionRequest';
import type { InteractionsOfRequest } from './bindings/InteractionsOfRequest';
import type { JobStatus } from './bindings/JobStatus';
import type { ListCasesRequest } from './bindings/ListCasesRequest';
import type { ListContactsRequest } from './bindings/ListContactsRequest';
import type { LogInteractionRequest } from './bindings/LogInteractionRequest';
import type { MailAccount } from './bindings/MailAccount';
import type { MailAccountAdded } from './bindings/MailAccountAdded';
import type { MailAccountDraft } from './bindings/MailAccountDraft';
import type { MailAccountRequest } from './bindings/MailAccountRequest';
import type { MailImportRequest } from './bindings/MailImportRequest';
import type { MailImportSummary } from './bindings/MailImportSummary';
import type { MailSyncRequest } from './bindings/MailSyncRequest';
import type { MailSyncSummary } from './bindings/MailSyncSummary';
import type { MatrixRequest } from './bindings/MatrixRequest';
import type { MergeContactsRequest } from './bindings/MergeContactsRequest';
import type { MergeOutcome } from './bindings/MergeOutcome';
import type { MergeRequest } from './bindings/MergeRequest';
import type { MoveDealRequest } from './bindings/MoveDealRequest';
import type { NoArgs } from './bindings/NoArgs';
import type { OpenCaseRequest } from './bindings/OpenCaseRequest';
import type { OptOutChannel } from './bindings/OptOutChannel';
import type { OutreachRequest } from './bindings/OutreachRequest';
import type { PaletteHit } from './bindings/PaletteHit';
import type { PipelineStage } from './bindings/PipelineStage';
import type { Preview } from './bindings/Preview';
import type { Reminder } from './bindings/Reminder';
import type { RemoveCadenceRuleRequest } from './bindings/RemoveCadenceRuleRequest';
import type { RenameStageRequest } from './bindings/RenameStageRequest';
import type { Report } from './bindings/Report';
import type { ReportRequest } from './bindings/ReportRequest';
import type { RestoreRequest } from './bindings/RestoreRequest';
import type { RestoreResult } from './bindings/RestoreResult';
import type { RfmScore } from './bindings/RfmScore';
import type { SavedMatrix } from './bindings/SavedMatrix';
import type { SearchRequest } from './bindings/SearchRequest';
import type { Segment } from './bindings/Segment';
import type { SegmentCount } from './bindings/SegmentCount';
import type { SegmentDraft } from './bindings/SegmentDraft';
import type { SegmentEdit } from './bindings/SegmentEdit';
import type { SegmentList } from './bindings/SegmentList';
import type { SegmentListRequest } from './bindings/SegmentListRequest';
import type { SegmentMembers } from './bindings/SegmentMembers';
import type { SegmentMembersRequest } from './bindings/SegmentMembersRequest';
import type { SegmentPreviewRequest } from './bindings/SegmentPreviewRequest';
import type { SegmentRef } from './bindings/SegmentRef';
import type { ServiceCase } from './bindings/ServiceCase';
import type { SetArchivedRequest } from './bindings/SetArchivedRequest';
import type { SetCadenceRuleRequest } from './bindings/SetCadenceRuleRequest';
import type { SetOptOutRequest } from './bindings/SetOptOutRequest';
import type { Settings } from './bindings/Settings';
import type { SnoozeFollowUpRequest } from './bindings/SnoozeFollowUpRequest';
import type { Suggestion } from './bindings/Suggestion';
import type { SuggestionRequest } from './bindings/SuggestionRequest';
import type { TierSummary } from './bindings/TierSummary';
import type { TodayList } from './bindings/TodayList';
import type { TodayListRequest } from './bindings/TodayListRequest';
import type { UndoHistory } from './bindings/UndoHistory';
import type { UndoHistoryRequest } from './bindings/UndoHistoryRequest';
import type { UndoRequest } from './bindings/UndoRequest';
import type { UndoStep } from './bindings/UndoStep';
import type { UndoSummary } from './bindings/UndoSummary';
import type { UpdateContactRequest } from './bindings/UpdateContactRequest';
import type { ValueRiskMatrix } from './bindings/ValueRiskMatrix';

/** An error from the core: a stable code the UI can act on, and words for the user. */
export class RapportError extends Error implements ApiError {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'RapportError';
  }
}

/** Turns whatever a call rejected with into a `RapportError`. */
export function toRapportError(e: unknown): RapportError {
  if (e instanceof RapportError) return e;
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const o = e as { code: unknown; message: unknown };
    return new RapportError(String(o.code), String(o.message));
  }
  if (typeof e === 'string') return new RapportError('backend', e);
  return new RapportError('backend', e instanceof Error ? e.message : String(e));
}

/** How calls reach the core. */
export interface Transport {
  call(command: string, request: unknown): Promise<unknown>;
}

/** The desktop app's IPC. */
export function tauriTransport(): Transport {
  return {
    async call(command, request) {
      const { invoke } = await import('@tauri-apps/api/core');
      return invoke(command, { request });
    },
  };
}

/** `rapport serve` at `url` (`http://127.0.0.1:PORT`), with its token (`fetchFn`: how to send, for tests). */
export function httpTransport(url: string, token: string, fetchFn: typeof fetch = fetch): Transport {
  const base = url.replace(/\/+$/, '');
  return {
    async call(command, request) {
      const response = await fetchFn(`${base}/rpc/${command}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        throw new RapportError('backend', `${command}: the server answered ${response.status}: ${text}`);
      }
      if (!response.ok) throw toRapportError(body ?? `${command}: HTTP ${response.status}`);
      return body;
    },
  };
}

/** True inside the desktop app's webview. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

let transport: Transport | null = null;

/** Chooses how calls reach the core (tests, the browser against `rapport serve`). */
export function useTransport(t: Transport): void {
  transport = t;
}

/** Whether a transport is chosen or can be found (the app, or a server in the page's address). */
export function transportReady(): boolean {
  return current() !== null;
}

function current(): Transport | null {
  if (transport) return transport;
  if (inTauri()) {
    transport = tauriTransport();
  } else if (typeof location !== 'undefined') {
    const q = new URLSearchParams(location.search);
    const server = q.get('server');
    const token = q.get('token');
    if (server && token) transport = httpTransport(server, token);
  }
  return transport;
}

async function call<T>(command: string, request: unknown): Promise<T> {
  const t = current();
  if (!t) {
    throw new RapportError(
      'no_backend',
      'not connected to Rapport: open the app, or run `rapport serve` and open the address it prints',
    );
  }
  try {
    return (await t.call(command, request)) as T;
  } catch (e) {
    throw toRapportError(e);
  }
}

/** The today list for a local date (default: today in the user's zone). (`today_list`) */
export function todayList(request: TodayListRequest): Promise<TodayList> {
  return call('today_list', request);
}

/** The default cadences per tag, stage and value tier. (`cadence_rules`) */
export function cadenceRules(request: NoArgs): Promise<Array<CadenceRule>> {
  return call('cadence_rules', request);
}

/** Adds or replaces a cadence rule. (`set_cadence_rule`) */
export function setCadenceRule(request: SetCadenceRuleRequest): Promise<null> {
  return call('set_cadence_rule', request);
}

/** Removes a cadence rule; whether there was one. (`remove_cadence_rule`) */
export function removeCadenceRule(request: RemoveCadenceRuleRequest): Promise<boolean> {
  return call('remove_cadence_rule', request);
}

/** The dashboard: tiers, pipeline, trends, drifting customers, open cases. (`report`) */
export function report(request: ReportRequest): Promise<Report> {
  return call('report', request);
}

/** Customers per value tier, with the tier method. (`tiers`) */
export function tiers(request: NoArgs): Promise<TierSummary> {
  return call('tiers', request);
}

/** One page of the contact list. (`list_contacts`) */
export function listContacts(request: ListContactsRequest): Promise<Array<ContactSummary>> {
  return call('list_contacts', request);
}

/** How many rows the contact list has for a query (paging ignored). (`count_contacts`) */
export function countContacts(request: ListContactsRequest): Promise<number> {
  return call('count_contacts', request);
}

/** Every tag in use. (`list_tags`) */
export function listTags(request: NoArgs): Promise<Array<string>> {
  return call('list_tags', request);
}

/** One contact. (`get_contact`) */
export function getContact(request: ContactRequest): Promise<Contact> {
  return call('get_contact', request);
}

/** A contact's value: RFM scores and tier; none when it bought nothing. (`contact_value`) */
export function contactValue(request: ContactRequest): Promise<RfmScore | null> {
  return call('contact_value', request);
}

/** A new contact's draft read from a pasted signature or business card (nothing written). (`contact_from_text`) */
export function contactFromText(request: ContactFromTextRequest): Promise<ContactDraft> {
  return call('contact_from_text', request);
}

/** Creates a contact. (`add_contact`) */
export function addContact(request: AddContactRequest): Promise<Contact> {
  return call('add_contact', request);
}

/** Replaces every user-set field of a contact. (`update_contact`) */
export function updateContact(request: UpdateContactRequest): Promise<Contact> {
  return call('update_contact', request);
}

/** Deletes a contact (restorable). (`delete_contact`) */
export function deleteContact(request: ContactRequest): Promise<null> {
  return call('delete_contact', request);
}

/** Undoes a delete. (`restore_contact`) */
export function restoreContact(request: ContactRequest): Promise<null> {
  return call('restore_contact', request);
}

/** Archives or un-archives a contact. (`set_archived`) */
export function setArchived(request: SetArchivedRequest): Promise<null> {
  return call('set_archived', request);
}

/** The channels a contact opted out of. (`opt_outs`) */
export function optOuts(request: ContactRequest): Promise<Array<OptOutChannel>> {
  return call('opt_outs', request);
}

/** Opts a contact out of a channel, or back in. (`set_opt_out`) */
export function setOptOut(request: SetOptOutRequest): Promise<Array<OptOutChannel>> {
  return call('set_opt_out', request);
}

/** Merges one contact into another; returns the result. (`merge_contacts`) */
export function mergeContacts(request: MergeContactsRequest): Promise<Contact> {
  return call('merge_contacts', request);
}

/** Logs a call, email, meeting, message or note. (`log_interaction`) */
export function logInteraction(request: LogInteractionRequest): Promise<Interaction> {
  return call('log_interaction', request);
}

/** Deletes a logged interaction. (`delete_interaction`) */
export function deleteInteraction(request: InteractionRequest): Promise<null> {
  return call('delete_interaction', request);
}

/** A contact's interactions, newest first. (`interactions_of`) */
export function interactionsOf(request: InteractionsOfRequest): Promise<Array<Interaction>> {
  return call('interactions_of', request);
}

/** Adds a follow-up. (`add_follow_up`) */
export function addFollowUp(request: AddFollowUpRequest): Promise<FollowUp> {
  return call('add_follow_up', request);
}

/** Completes a follow-up; with a number of days, plans the next one. (`complete_follow_up`) */
export function completeFollowUp(request: CompleteFollowUpRequest): Promise<FollowUp | null> {
  return call('complete_follow_up', request);
}

/** Moves a follow-up to another local date. (`snooze_follow_up`) */
export function snoozeFollowUp(request: SnoozeFollowUpRequest): Promise<FollowUp> {
  return call('snooze_follow_up', request);
}

/** A contact's follow-ups. (`follow_ups_of`) */
export function followUpsOf(request: ContactRequest): Promise<Array<FollowUp>> {
  return call('follow_ups_of', request);
}

/** What a phrase ("called Ada about the renewal", "明天下午3点回访张总") would write. (`capture_preview`) */
export function capturePreview(request: CaptureRequest): Promise<CapturePreview> {
  return call('capture_preview', request);
}

/** Writes what a phrase says (interaction, follow-up). (`capture`) */
export function capture(request: CaptureRequest): Promise<Captured> {
  return call('capture', request);
}

/** Undoes the last capture. (`capture_undo`) */
export function captureUndo(request: CaptureUndoRequest): Promise<CaptureUndo> {
  return call('capture_undo', request);
}

/** Logs the emails of a mail file or folder (mbox, .eml, Maildir). (`mail_import`) */
export function mailImport(request: MailImportRequest): Promise<MailImportSummary> {
  return call('mail_import', request);
}

/** Logs the past meetings of a calendar file (.ics). (`calendar_import`) */
export function calendarImport(request: CalendarImportRequest): Promise<CalendarImportSummary> {
  return call('calendar_import', request);
}

/** The mail accounts read over IMAP. (`mail_accounts`) */
export function mailAccounts(request: NoArgs): Promise<Array<MailAccount>> {
  return call('mail_accounts', request);
}

/** Tries a mail account's server and login (nothing stored). (`test_mail_account`) */
export function testMailAccount(request: MailAccountDraft): Promise<MailAccountAdded> {
  return call('test_mail_account', request);
}

/** Adds a mail account; its password goes to the system keyring. (`add_mail_account`) */
export function addMailAccount(request: MailAccountDraft): Promise<MailAccountAdded> {
  return call('add_mail_account', request);
}

/** Removes a mail account and forgets its password. (`remove_mail_account`) */
export function removeMailAccount(request: MailAccountRequest): Promise<MailAccount> {
  return call('remove_mail_account', request);
}

/** Reads the new messages of the mail accounts (one undoable batch each). (`mail_sync`) */
export function mailSync(request: MailSyncRequest): Promise<Array<MailSyncSummary>> {
  return call('mail_sync', request);
}

/** People often emailed who are not contacts yet. (`mail_suggestions`) */
export function mailSuggestions(request: NoArgs): Promise<Array<Suggestion>> {
  return call('mail_suggestions', request);
}

/** Makes a suggested address a contact. (`accept_suggestion`) */
export function acceptSuggestion(request: SuggestionRequest): Promise<AcceptedSuggestion> {
  return call('accept_suggestion', request);
}

/** Never suggests an address again. (`dismiss_suggestion`) */
export function dismissSuggestion(request: SuggestionRequest): Promise<null> {
  return call('dismiss_suggestion', request);
}

/** Finds contacts as the user types. (`search`) */
export function search(request: SearchRequest): Promise<Array<PaletteHit>> {
  return call('search', request);
}

/** Reads a file without writing: format, mapping, sample rows, what importing would do. (`import_preview`) */
export function importPreview(request: ImportFileRequest): Promise<Preview> {
  return call('import_preview', request);
}

/** Imports a file as one undoable batch. (`import_run`) */
export function importRun(request: ImportFileRequest): Promise<ImportReport> {
  return call('import_run', request);
}

/** Undoes an import batch. (`import_undo`) */
export function importUndo(request: ImportUndoRequest): Promise<UndoSummary> {
  return call('import_undo', request);
}

/** Import batches, newest first. (`import_batches`) */
export function importBatches(request: NoArgs): Promise<Array<BatchInfo>> {
  return call('import_batches', request);
}

/** Writes contacts (CSV, Google CSV, vCard) or follow-ups (ICS) to a file. (`export_contacts`) */
export function exportContacts(request: ExportRequest): Promise<ExportResult> {
  return call('export_contacts', request);
}

/** The running job and its progress, if any. (`job_status`) */
export function jobStatus(request: NoArgs): Promise<JobStatus | null> {
  return call('job_status', request);
}

/** Asks the running job to stop; whether one was running. (`job_cancel`) */
export function jobCancel(request: NoArgs): Promise<boolean> {
  return call('job_cancel', request);
}

/** Every setting, with defaults. (`get_settings`) */
export function getSettings(request: NoArgs): Promise<Settings> {
  return call('get_settings', request);
}

/** Changes one setting; returns them all. (`change_setting`) */
export function changeSetting(request: ChangeSettingRequest): Promise<Settings> {
  return call('change_setting', request);
}

/** Whether Rapport starts at login and reminds while closed. (`desktop_integration`) */
export function desktopIntegration(request: NoArgs): Promise<DesktopIntegration> {
  return call('desktop_integration', request);
}

/** Starts Rapport at login, or reminds while closed, or stops either. (`set_desktop_integration`) */
export function setDesktopIntegration(request: DesktopIntegrationChange): Promise<DesktopIntegration> {
  return call('set_desktop_integration', request);
}

/** Records a deal or a purchase (a won deal). (`add_deal`) */
export function addDeal(request: AddDealRequest): Promise<Deal> {
  return call('add_deal', request);
}

/** Marks a deal won or lost. (`close_deal`) */
export function closeDeal(request: CloseDealRequest): Promise<Deal> {
  return call('close_deal', request);
}

/** Moves an open deal to another pipeline stage. (`move_deal`) */
export function moveDeal(request: MoveDealRequest): Promise<Deal> {
  return call('move_deal', request);
}

/** Deals, newest first. (`list_deals`) */
export function listDeals(request: DealQuery): Promise<Array<Deal>> {
  return call('list_deals', request);
}

/** The pipeline's stages. (`pipeline_stages`) */
export function pipelineStages(request: NoArgs): Promise<Array<PipelineStage>> {
  return call('pipeline_stages', request);
}

/** Renames a pipeline stage. (`rename_stage`) */
export function renameStage(request: RenameStageRequest): Promise<Array<PipelineStage>> {
  return call('rename_stage', request);
}

/** Opens a service case and plans its first follow-up. (`open_case`) */
export function openCase(request: OpenCaseRequest): Promise<ServiceCase> {
  return call('open_case', request);
}

/** Closes a case with its resolution. (`close_case`) */
export function closeCase(request: CloseCaseRequest): Promise<ServiceCase> {
  return call('close_case', request);
}

/** Open cases, or one contact's cases. (`list_cases`) */
export function listCases(request: ListCasesRequest): Promise<Array<ServiceCase>> {
  return call('list_cases', request);
}

/** Saves a segment (a name and a condition); with its count now. (`save_segment`) */
export function saveSegment(request: SegmentDraft): Promise<SegmentCount> {
  return call('save_segment', request);
}

/** Renames, re-defines or (un)pins a segment. (`edit_segment`) */
export function editSegment(request: SegmentEdit): Promise<SegmentCount> {
  return call('edit_segment', request);
}

/** Removes a saved segment (its contacts stay). (`remove_segment`) */
export function removeSegment(request: SegmentRef): Promise<Segment> {
  return call('remove_segment', request);
}

/** Saved segments with their counts. (`list_segments`) */
export function listSegments(request: SegmentListRequest): Promise<SegmentList> {
  return call('list_segments', request);
}

/** One segment and its count. (`show_segment`) */
export function showSegment(request: SegmentRef): Promise<SegmentCount> {
  return call('show_segment', request);
}

/** A segment's contacts, paged. (`segment_members`) */
export function segmentMembers(request: SegmentMembersRequest): Promise<SegmentMembers> {
  return call('segment_members', request);
}

/** Who a condition selects, before it is saved. (`preview_segment`) */
export function previewSegment(request: SegmentPreviewRequest): Promise<SegmentMembers> {
  return call('preview_segment', request);
}

/** Customers by value tier and risk. (`value_risk_matrix`) */
export function valueRiskMatrix(request: MatrixRequest): Promise<ValueRiskMatrix> {
  return call('value_risk_matrix', request);
}

/** Saves each cell of the value/risk matrix as a segment. (`save_value_risk_matrix`) */
export function saveValueRiskMatrix(request: MatrixRequest): Promise<SavedMatrix> {
  return call('save_value_risk_matrix', request);
}

/** Applies one action to a group of contacts, as one undoable step. (`apply_bulk`) */
export function applyBulk(request: BulkRequest): Promise<BulkOutcome> {
  return call('apply_bulk', request);
}

/** Who a bulk action would reach. (`preview_bulk`) */
export function previewBulk(request: BulkTarget): Promise<BulkPreview> {
  return call('preview_bulk', request);
}

/** Undoes the newest step (bulk action, merge of duplicates, campaign creation). (`undo_step`) */
export function undoStep(request: UndoRequest): Promise<UndoStep> {
  return call('undo_step', request);
}

/** The steps that can be undone, newest first. (`undo_history`) */
export function undoHistory(request: UndoHistoryRequest): Promise<UndoHistory> {
  return call('undo_history', request);
}

/** Likely duplicates across the book. (`find_duplicates`) */
export function findDuplicates(request: DuplicatesRequest): Promise<DuplicateList> {
  return call('find_duplicates', request);
}

/** Merges likely duplicates, as one undoable step. (`merge_duplicates`) */
export function mergeDuplicates(request: MergeRequest): Promise<MergeOutcome> {
  return call('merge_duplicates', request);
}

/** Creates a campaign from a segment, with its seeded control group. (`create_campaign`) */
export function createCampaign(request: CampaignDraft): Promise<CampaignCreated> {
  return call('create_campaign', request);
}

/** Every campaign, newest first. (`list_campaigns`) */
export function listCampaigns(request: CampaignListRequest): Promise<CampaignList> {
  return call('list_campaigns', request);
}

/** A campaign and its members. (`show_campaign`) */
export function showCampaign(request: CampaignRef): Promise<CampaignDetail> {
  return call('show_campaign', request);
}

/** A campaign's result against its control group. (`campaign_result`) */
export function campaignResult(request: CampaignRef): Promise<CampaignReport> {
  return call('campaign_result', request);
}

/** Logs the outreach to one member of a campaign. (`log_outreach`) */
export function logOutreach(request: OutreachRequest): Promise<Interaction> {
  return call('log_outreach', request);
}

/** Undoes a campaign's creation (refused once outreach is logged). (`undo_campaign`) */
export function undoCampaign(request: CampaignRef): Promise<UndoStep> {
  return call('undo_campaign', request);
}

/** Writes a consistent copy of the database into the backups folder. (`backup`) */
export function backup(request: NoArgs): Promise<BackupResult> {
  return call('backup', request);
}

/** Replaces the data with a backup (the current data is kept as a backup). (`restore`) */
export function restore(request: RestoreRequest): Promise<RestoreResult> {
  return call('restore', request);
}

/** Checks the database and that the search index agrees with it. (`check`) */
export function check(request: NoArgs): Promise<CheckResult> {
  return call('check', request);
}

/** Rebuilds the search index from the database. (`reindex`) */
export function reindex(request: NoArgs): Promise<number> {
  return call('reindex', request);
}

/** Whether the daily reminder is due now, and for how many people. (`reminder_due`) */
export function reminderDue(request: NoArgs): Promise<Reminder | null> {
  return call('reminder_due', request);
}

/** Records that the daily reminder went out today. (`reminder_sent`) */
export function reminderSent(request: NoArgs): Promise<null> {
  return call('reminder_sent', request);
}

/** Every command, in table order. */
export const COMMANDS = [
  'today_list',
  'cadence_rules',
  'set_cadence_rule',
  'remove_cadence_rule',
  'report',
  'tiers',
  'list_contacts',
  'count_contacts',
  'list_tags',
  'get_contact',
  'contact_value',
  'contact_from_text',
  'add_contact',
  'update_contact',
  'delete_contact',
  'restore_contact',
  'set_archived',
  'opt_outs',
  'set_opt_out',
  'merge_contacts',
  'log_interaction',
  'delete_interaction',
  'interactions_of',
  'add_follow_up',
  'complete_follow_up',
  'snooze_follow_up',
  'follow_ups_of',
  'capture_preview',
  'capture',
  'capture_undo',
  'mail_import',
  'calendar_import',
  'mail_accounts',
  'test_mail_account',
  'add_mail_account',
  'remove_mail_account',
  'mail_sync',
  'mail_suggestions',
  'accept_suggestion',
  'dismiss_suggestion',
  'search',
  'import_preview',
  'import_run',
  'import_undo',
  'import_batches',
  'export_contacts',
  'job_status',
  'job_cancel',
  'get_settings',
  'change_setting',
  'desktop_integration',
  'set_desktop_integration',
  'add_deal',
  'close_deal',
  'move_deal',
  'list_deals',
  'pipeline_stages',
  'rename_stage',
  'open_case',
  'close_case',
  'list_cases',
  'save_segment',
  'edit_segment',
  'remove_segment',
  'list_segments',
  'show_segment',
  'segment_members',
  'preview_segment',
  'value_risk_matrix',
  'save_value_risk_matrix',
  'apply_bulk',
  'preview_bulk',
  'undo_step',
  'undo_history',
  'find_duplicates',
  'merge_duplicates',
  'create_campaign',
  'list_campaigns',
  'show_campaign',
  'campaign_result',
  'log_outreach',
  'undo_campaign',
  'backup',
  'restore',
  'check',
  'reindex',
  'reminder_due',
  'reminder_sent',
] as const;
