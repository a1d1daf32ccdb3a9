/**
 * The goals section's rendering, state and requests, loaded on first use as a chunk of its own (see
 * `GrowthSection` and `<openbook-goals>`).
 */
import type { TemplateResult } from 'lit';
import type { Goal, GoalAction, GoalCounter, GoalList, GoalMetric, GoalProposal } from '../../../shared/schemas/goals.ts';
import type { ApiError, CustomerValue } from '../../api-client.ts';
import type { Formatters } from '../../format.ts';
import type { Count } from '../../i18n/index.ts';
import type { GoalActorKind, GrowthMessages } from '../../i18n/growth/index.ts';
import { growthFormat, type GrowthFormat } from '../growth/growth-format.ts';
import { html, nothing, useKit } from '../growth/growth-kit.ts';
import { placeholder, progressBar, requestErrorText, subHeading, toApiError } from '../growth/growth-parts.ts';
import type { GrowthContext, GrowthHost, GrowthView, ViewFactory } from '../growth/growth-section.ts';
import { actOnGoal, fetchGoals, proposeGoal } from './goals-api.ts';
import type { GoalChangeDetail } from './openbook-goals.ts';

/** Who made a change of a goal's history. */
type Actor = Goal['history'][number]['by'];

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly list: GoalList }
  | { readonly kind: 'failed'; readonly error: ApiError };

type Invalid = 'needTarget' | 'needWholeNumber' | 'needTier' | 'needDueDate' | 'needChange';
type Field = 'target' | 'dueDate' | 'change';

/** Why the last action of a form (the proposal's, or a goal's) did not go through, worded at render time. */
interface Problem {
  /** `propose`, or the goal's id. */
  readonly scope: string;
  readonly invalid?: Invalid;
  readonly error?: ApiError;
  readonly field?: Field;
}

type Done = 'proposed' | 'countered' | 'acceptedDone' | 'declinedDone';

/** What the view renders with: the context and the growth formatters. */
interface Context extends GrowthContext {
  readonly gf: GrowthFormat;
}

const MONEY_METRICS: readonly GoalMetric[] = ['spend12m', 'predictedValue'];
const KNOWN_METRICS: readonly GoalMetric[] = ['spend12m', 'orders', 'productsAdopted', 'tierByDate', 'predictedValue'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const createGoalsView: ViewFactory = (host, kit) => {
  useKit(kit);
  return new GoalsView(host);
};

/**
 * The list, the forms and what is under way. State lives here, not in reactive properties of the element:
 * every change asks the element to render again (`host.requestUpdate()`).
 */
class GoalsView implements GrowthView {
  private list: ListState = { kind: 'loading' };
  /** The scope (`propose` or a goal id) of the request under way. */
  private busy: string | undefined;
  private problem: Problem | undefined;
  private done: Done | undefined;
  /** The measure chosen in the proposal form. */
  private metric: GoalMetric = 'spend12m';
  /** The goal whose counter-proposal form is open. */
  private countering: string | undefined;
  /** The figures the list was last read with. */
  private readFor: CustomerValue | undefined;
  private generation = 0;
  private focusGoal: string | undefined;
  /** The formatters of the last render, for reading what is typed in the forms. */
  private gf: GrowthFormat | undefined;

  constructor(private readonly host: GrowthHost) {}

  private changed(): void {
    this.host.requestUpdate();
  }

  willUpdate(value: CustomerValue): void {
    // Read (again) with the figures: when they first arrive, when they are read again, for another customer.
    if (value !== this.readFor) this.read(value);
  }

  updated(): void {
    if (!this.focusGoal) return;
    const goal = this.focusGoal;
    this.focusGoal = undefined;
    this.host.root().querySelector<HTMLElement>(`[data-goal-id="${CSS.escape(goal)}"] [data-goal-heading]`)?.focus();
  }

  /** Reads the list for these figures. Called from the element's willUpdate: no update is asked for here. */
  private read(value: CustomerValue): void {
    const previous = this.readFor;
    this.readFor = value;
    // Another customer's figures (a new token): their goals, not the last customer's.
    if (previous && previous.customer.id !== value.customer.id) {
      this.list = { kind: 'loading' };
      this.problem = undefined;
      this.done = undefined;
      this.countering = undefined;
    }
    const generation = ++this.generation;
    fetchGoals(this.host).then(
      (list) => {
        if (generation !== this.generation) return;
        this.list = { kind: 'loaded', list };
        this.changed();
      },
      (error: unknown) => {
        // A failed re-read keeps the list on screen: the card says when the figures are stale.
        if (generation !== this.generation || this.list.kind === 'loaded') return;
        this.list = { kind: 'failed', error: toApiError(error) };
        this.changed();
      },
    );
  }

  /** Reads the list again at the next update. */
  private reread(): void {
    this.readFor = undefined;
    this.changed();
  }

  private retry(): void {
    this.list = { kind: 'loading' };
    this.reread();
  }

  /** Sends one action; on success shows the goal as the server now has it and tells the host page. */
  private async send(scope: string, call: () => Promise<Goal>, done: Done, form?: HTMLFormElement): Promise<void> {
    if (this.busy) return;
    this.busy = scope;
    this.problem = undefined;
    this.done = undefined;
    this.changed();
    try {
      const goal = await call();
      if (this.list.kind === 'loaded') {
        const { list } = this.list;
        const goals = list.goals.some((item) => item.id === goal.id)
          ? list.goals.map((item) => (item.id === goal.id ? goal : item))
          : [goal, ...list.goals];
        this.list = { kind: 'loaded', list: { ...list, goals } };
      }
      this.done = done;
      this.countering = undefined;
      form?.reset();
      if (scope === 'propose') this.metric = this.defaultMetric();
      this.focusGoal = goal.id;
      this.host.dispatchEvent(
        new CustomEvent<GoalChangeDetail>('openbook-goal-change', {
          detail: { goalId: goal.id, status: goal.status },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      const apiError = toApiError(error);
      this.problem = { scope, error: apiError, field: fieldOf(apiError) };
      // Answered or ended meanwhile (by the other party, or by the calendar): show the goal as it is now.
      if (apiError.status === 403 || apiError.status === 404 || apiError.status === 409) this.readFor = undefined;
    } finally {
      this.busy = undefined;
      this.changed();
    }
  }

  private defaultMetric(): GoalMetric {
    return this.list.kind === 'loaded' ? (metricsOf(this.list.list)[0] ?? 'spend12m') : 'spend12m';
  }

  private invalid(scope: string, invalid: Invalid, field: Field): void {
    this.problem = { scope, invalid, field };
    this.changed();
  }

  private onMetric(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isMetric(value)) this.metric = value;
    if (this.problem?.scope === 'propose') this.problem = undefined;
    this.changed();
  }

  private onPropose(event: SubmitEvent, list: GoalList): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const metric = this.metric;
    const target = readTarget(metric, data.get('target'), this.gf?.minorPerUnit ?? 100);
    if (typeof target === 'object') return this.invalid('propose', target.invalid, 'target');
    const dueDate = String(data.get('dueDate') ?? '');
    if (!DAY.test(dueDate) || dueDate < list.today) return this.invalid('propose', 'needDueDate', 'dueDate');
    const note = String(data.get('note') ?? '').trim();
    // The schema's union has one shape per measure: the target's type follows the measure.
    const proposal = { metric, target, dueDate, ...(note ? { note } : {}) } as GoalProposal;
    void this.send('propose', () => proposeGoal(this.host, proposal), 'proposed', form);
  }

  private onCounter(event: SubmitEvent, goal: Goal, list: GoalList): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const rawTarget = String(data.get('target') ?? '').trim();
    const dueDate = String(data.get('dueDate') ?? '');
    const note = String(data.get('note') ?? '').trim();
    const body: { target?: number | string; dueDate?: string; note?: string } = {};
    if (rawTarget !== '') {
      const target = readTarget(goal.metric, rawTarget, this.gf?.minorPerUnit ?? 100);
      if (typeof target === 'object') return this.invalid(goal.id, target.invalid, 'target');
      body.target = target;
    }
    if (dueDate !== '') {
      if (!DAY.test(dueDate) || dueDate < list.today) return this.invalid(goal.id, 'needDueDate', 'dueDate');
      body.dueDate = dueDate;
    }
    if (body.target === undefined && body.dueDate === undefined) return this.invalid(goal.id, 'needChange', 'change');
    if (note) body.note = note;
    void this.send(goal.id, () => actOnGoal(this.host, goal.id, 'counter', body as GoalCounter), 'countered', form);
  }

  private act(goal: Goal, action: Exclude<GoalAction, 'counter'>): void {
    void this.send(goal.id, () => actOnGoal(this.host, goal.id, action, {}), action === 'accept' ? 'acceptedDone' : 'declinedDone');
  }

  private toggleCounter(goal: Goal): void {
    this.countering = this.countering === goal.id ? undefined : goal.id;
    if (this.problem?.scope === goal.id) this.problem = undefined;
    this.changed();
  }

  private problemText(gm: GrowthMessages, scope: string): string {
    const problem = this.problem;
    if (!problem || problem.scope !== scope) return '';
    if (problem.invalid) return gm.goals[problem.invalid];
    return problem.error ? goalErrorText(gm, problem.error) : '';
  }

  /** The inline error of a form, when it has one (a new alert is announced as it appears). */
  private renderProblem(gm: GrowthMessages, scope: string, id: string): TemplateResult | typeof nothing {
    const message = this.problemText(gm, scope);
    return message ? html`<p class="alert" part="goal-error" role="alert" id=${id}>${message}</p>` : nothing;
  }

  private isInvalid(scope: string, field: Field): 'true' | typeof nothing {
    return this.problem?.scope === scope && this.problem.field === field ? 'true' : nothing;
  }

  /** The target's input: a tier to choose for tierByDate, else a number in the measure's unit. */
  private renderTargetField(a: { context: Context; list: GoalList; metric: GoalMetric; id: string; scope: string; errorId: string; optional: boolean }): TemplateResult {
    const { context, list, metric, id, scope, errorId, optional } = a;
    const { gm, gf } = context;
    const invalid = this.isInvalid(scope, 'target');
    const describedBy = invalid === nothing ? nothing : errorId;
    if (metric === 'tierByDate') {
      return html`
        <div class="field">
          <label for=${id}>${gm.goals.tierField}</label>
          <select id=${id} name="target" aria-invalid=${invalid} aria-describedby=${describedBy}>
            ${optional ? html`<option value=""></option>` : nothing}
            ${list.tiers.map((tier) => html`<option value=${tier.id}>${tier.name}</option>`)}
          </select>
        </div>
      `;
    }
    const money = MONEY_METRICS.includes(metric);
    return html`
      <div class="field">
        <label for=${id}>${gm.goals.targetField({ metric, currency: gf.currencyName })}</label>
        <input
          id=${id}
          name="target"
          type="number"
          inputmode=${money ? 'decimal' : 'numeric'}
          min=${money ? 1 / gf.minorPerUnit : 1}
          step=${money ? 1 / gf.minorPerUnit : 1}
          ?required=${!optional}
          aria-invalid=${invalid}
          aria-describedby=${describedBy}
        />
      </div>
    `;
  }

  private renderDueField(a: { context: Context; list: GoalList; id: string; scope: string; errorId: string; optional: boolean }): TemplateResult {
    const invalid = this.isInvalid(a.scope, 'dueDate');
    return html`
      <div class="field">
        <label for=${a.id}>${a.context.gm.goals.dueField}</label>
        <input
          id=${a.id}
          name="dueDate"
          type="date"
          min=${a.list.today}
          ?required=${!a.optional}
          aria-invalid=${invalid}
          aria-describedby=${invalid === nothing ? nothing : a.errorId}
        />
      </div>
    `;
  }

  private renderNoteField(gm: GrowthMessages, id: string): TemplateResult {
    return html`
      <div class="field">
        <label for=${id}>${gm.goals.noteField}</label>
        <textarea id=${id} name="note" maxlength="500"></textarea>
      </div>
    `;
  }

  private renderProposeForm(context: Context, list: GoalList): TemplateResult {
    const { gm, ids, level } = context;
    const metrics = metricsOf(list);
    const metric = metrics.includes(this.metric) ? this.metric : (metrics[0] ?? 'spend12m');
    this.metric = metric;
    const errorId = `${ids}-propose-error`;
    const busy = this.busy === 'propose';
    return html`
      <form
        part="goal-form"
        class="propose"
        novalidate
        aria-labelledby="${ids}-propose-title"
        @submit=${(event: SubmitEvent) => this.onPropose(event, list)}
      >
        ${subHeading(level, `${ids}-propose-title`, gm.goals.proposeTitle)}
        <div class="field">
          <label for="${ids}-metric">${gm.goals.metricField}</label>
          <select id="${ids}-metric" name="metric" @change=${(event: Event) => this.onMetric(event)}>
            ${metrics.map((name) => html`<option value=${name} ?selected=${name === metric}>${gm.goals.metricNames[name]}</option>`)}
          </select>
        </div>
        ${this.renderTargetField({ context, list, metric, id: `${ids}-target`, scope: 'propose', errorId, optional: false })}
        ${this.renderDueField({ context, list, id: `${ids}-due`, scope: 'propose', errorId, optional: false })}
        ${this.renderNoteField(gm, `${ids}-note`)} ${this.renderProblem(gm, 'propose', errorId)}
        <button type="submit" ?disabled=${busy}>${busy ? gm.goals.sending : gm.goals.send}</button>
      </form>
    `;
  }

  private renderCounterForm(context: Context, list: GoalList, goal: Goal, prefix: string): TemplateResult {
    const { gm, level } = context;
    const errorId = `${prefix}-error`;
    const busy = this.busy === goal.id;
    return html`
      <form
        part="goal-form"
        class="counter"
        novalidate
        aria-labelledby="${prefix}-counter-title"
        aria-describedby="${prefix}-summary"
        @submit=${(event: SubmitEvent) => this.onCounter(event, goal, list)}
      >
        ${level === 3
          ? html`<h4 class="label" id="${prefix}-counter-title">${gm.goals.counterTitle}</h4>`
          : html`<h5 class="label" id="${prefix}-counter-title">${gm.goals.counterTitle}</h5>`}
        ${this.renderTargetField({ context, list, metric: goal.metric, id: `${prefix}-target`, scope: goal.id, errorId, optional: true })}
        ${this.renderDueField({ context, list, id: `${prefix}-due`, scope: goal.id, errorId, optional: true })}
        ${this.renderNoteField(gm, `${prefix}-note`)}
        <div class="actions">
          <button type="submit" ?disabled=${busy}>${busy ? gm.goals.sending : gm.goals.sendCounter}</button>
          <button type="button" class="secondary" @click=${() => this.toggleCounter(goal)}>${gm.goals.cancel}</button>
        </div>
      </form>
    `;
  }

  private renderProgress(context: Context, list: GoalList, goal: Goal, prefix: string): TemplateResult | typeof nothing {
    const { progress } = goal;
    if (!progress || !Number.isFinite(progress.fraction)) return nothing;
    const { gm, gf, format } = context;
    const text =
      goal.metric === 'tierByDate' && progress.tier
        ? gm.goals.tierProgress({
            current: progress.tier.current.name,
            target: progress.tier.target?.name ?? targetOf(goal.metric, goal.target, list, gf, format).text,
            percent: gf.wholePercent(progress.fraction),
          })
        : gm.goals.progress({
            value: amountOf(goal.metric, progress.value, gf, format),
            target: amountOf(goal.metric, progress.target, gf, format),
            metric: goal.metric,
          });
    return html`
      <p class="small" id="${prefix}-progress">${gm.goals.progressLabel}</p>
      ${progressBar({ labelledBy: `${prefix}-progress ${prefix}-summary`, fraction: progress.fraction, text })}
      <p class="small">${text}</p>
      ${goal.metric === 'orders' && progress.countedFrom
        ? html`<p class="small muted">${gm.goals.countedFrom(gf.day(progress.countedFrom))}</p>`
        : nothing}
    `;
  }

  private renderHistory(context: Context, list: GoalList, goal: Goal, prefix: string): TemplateResult {
    const { gm, gf, format } = context;
    return html`
      <details part="goal-history">
        <summary aria-describedby="${prefix}-summary">${gm.goals.historyLabel}</summary>
        <ol class="history">
          ${goal.history.map((event) => {
            const who = gm.goals.actor({ kind: actorKind(event.by, list.you), repId: event.by.repId });
            const terms = event.terms
              ? gm.goals.summary({
                  metric: goal.metric,
                  target: targetOf(goal.metric, event.terms.target, list, gf, format),
                  due: gf.day(event.terms.dueDate),
                })
              : undefined;
            const value = event.value !== null && goal.metric !== 'tierByDate' ? amountOf(goal.metric, event.value, gf, format).text : undefined;
            const note = event.note ?? event.terms?.note ?? null;
            const at = Date.parse(event.at);
            return html`<li>
              ${Number.isNaN(at) ? nothing : html`<time datetime=${event.at}>${format.dateTime(at)}</time>`}
              <span>${gm.goals.event({ action: event.action, who, terms, value })}</span>
              ${note ? html`<span class="muted">${gm.goals.note(note)}</span>` : nothing}
            </li>`;
          })}
        </ol>
      </details>
    `;
  }

  private renderGoal(context: Context, list: GoalList, goal: Goal, index: number): TemplateResult {
    const { gm, gf, format, ids, level } = context;
    const prefix = `${ids}-${index}`;
    const summary = gm.goals.summary({ metric: goal.metric, target: targetOf(goal.metric, goal.target, list, gf, format), due: gf.day(goal.dueDate) });
    const busy = this.busy === goal.id;
    const can = (action: GoalAction) => goal.actions.includes(action);
    const counterOpen = this.countering === goal.id && can('counter');
    const viewer = list.you.role === 'rep' ? 'rep' : 'customer';
    return html`
      <li class="box goal" part="goal" data-goal-id=${goal.id} data-status=${goal.status}>
        ${level === 3
          ? html`<h3 class="label" id="${prefix}-summary" tabindex="-1" data-goal-heading>${summary}</h3>`
          : html`<h4 class="label" id="${prefix}-summary" tabindex="-1" data-goal-heading>${summary}</h4>`}
        <p class="status-line">
          <span class="goal-status" part="goal-status" data-status=${goal.status}>${statusText(gm, goal, viewer)}</span>
          <span>${gm.goals.due(gf.day(goal.dueDate))}</span>
        </p>
        ${goal.note ? html`<p class="small">${gm.goals.note(goal.note)}</p>` : nothing}
        ${this.renderProgress(context, list, goal, prefix)}
        ${can('accept') || can('decline') || can('counter')
          ? html`<div class="actions" part="goal-actions">
              ${can('accept')
                ? html`<button type="button" ?disabled=${busy} aria-describedby="${prefix}-summary" @click=${() => this.act(goal, 'accept')}>
                    ${gm.goals.accept}
                  </button>`
                : nothing}
              ${can('decline')
                ? html`<button
                    type="button"
                    class="secondary"
                    ?disabled=${busy}
                    aria-describedby="${prefix}-summary"
                    @click=${() => this.act(goal, 'decline')}
                  >
                    ${gm.goals.decline}
                  </button>`
                : nothing}
              ${can('counter')
                ? html`<button
                    type="button"
                    class="secondary"
                    ?disabled=${busy}
                    aria-expanded=${counterOpen ? 'true' : 'false'}
                    aria-describedby="${prefix}-summary"
                    @click=${() => this.toggleCounter(goal)}
                  >
                    ${gm.goals.counter}
                  </button>`
                : nothing}
            </div>`
          : nothing}
        ${counterOpen ? this.renderCounterForm(context, list, goal, prefix) : nothing}
        ${this.renderProblem(gm, goal.id, `${prefix}-error`)} ${this.renderHistory(context, list, goal, prefix)}
      </li>
    `;
  }

  render(growth: GrowthContext): TemplateResult {
    const gf = growthFormat(growth.format, growth.locale.formatLocale, growth.value.currency);
    this.gf = gf;
    const context: Context = { ...growth, gf };
    const { gm } = context;
    const state = this.list;
    if (state.kind === 'loading') return placeholder(gm.goals.loading);
    if (state.kind === 'failed') {
      return html`
        <div class="alert" part="goal-error" role="alert">
          <p>${gm.goals.loadFailed} ${requestErrorText(gm, state.error)}</p>
        </div>
        <div class="actions">
          <button part="retry-button" type="button" @click=${() => this.retry()}>${gm.goals.tryAgain}</button>
        </div>
      `;
    }
    const { list } = state;
    return html`
      <p class="muted intro">${list.you.role === 'rep' ? gm.goals.introRep : gm.goals.introCustomer}</p>
      <p class="done" role="status">${this.done ? gm.goals[this.done] : ''}</p>
      ${list.goals.length === 0
        ? html`<p class="muted">${gm.goals.none}</p>`
        : html`<ol class="boxes">
            ${list.goals.map((goal, index) => this.renderGoal(context, list, goal, index))}
          </ol>`}
      ${this.renderProposeForm(context, list)}
    `;
  }
}

function isMetric(value: string): value is GoalMetric {
  return (KNOWN_METRICS as readonly string[]).includes(value);
}

/** The measures a proposal may use: those the server lists that this version knows; a tier only with tiers. */
function metricsOf(list: GoalList): GoalMetric[] {
  return list.metrics
    .map((item) => item.metric)
    .filter((metric) => isMetric(metric) && (metric !== 'tierByDate' || list.tiers.length > 0));
}

/**
 * A target as typed: minor units for money (typed in whole units: "5000.50" dollars is 500050 cents), whole
 * numbers for counts, a tier id for tierByDate; or why it cannot be sent.
 */
function readTarget(metric: GoalMetric, raw: FormDataEntryValue | null, minorPerUnit: number): number | string | { invalid: Invalid } {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (metric === 'tierByDate') return text === '' ? { invalid: 'needTier' } : text;
  const number = Number(text);
  if (text === '' || !Number.isFinite(number) || number <= 0) return { invalid: 'needTarget' };
  if (MONEY_METRICS.includes(metric)) {
    const minor = Math.round(number * minorPerUnit);
    return minor >= 1 ? minor : { invalid: 'needTarget' };
  }
  return Number.isInteger(number) ? number : { invalid: 'needWholeNumber' };
}

/** A value in the measure's unit: money for spend and predicted value, a count otherwise. */
function amountOf(metric: GoalMetric, value: number, gf: GrowthFormat, format: Formatters): Count {
  return MONEY_METRICS.includes(metric) ? gf.money(value) : format.count(value);
}

/** A target as read: a tier by its name, else an amount. */
function targetOf(metric: GoalMetric, target: number | string, list: GoalList, gf: GrowthFormat, format: Formatters): Count {
  if (typeof target === 'string') {
    const tier = list.tiers.find((item) => item.id === target);
    return { value: 1, text: tier?.name ?? target };
  }
  return amountOf(metric, target, gf, format);
}

function statusText(gm: GrowthMessages, goal: Goal, viewer: 'customer' | 'rep'): string {
  switch (goal.status) {
    case 'proposed':
      if (goal.awaiting === viewer) return gm.goals.waitingForYou;
      return viewer === 'customer' ? gm.goals.waitingForAccountTeam : gm.goals.waitingForCustomer;
    case 'accepted':
      return gm.goals.inProgress;
    case 'declined':
      return gm.goals.declined;
    case 'expired':
      return gm.goals.expired;
    case 'achieved':
      return gm.goals.achieved;
    case 'missed':
      return gm.goals.missed;
  }
}

/** Who did it, as the viewer reads it: "You", the other party, or the calendar. */
function actorKind(by: Actor, you: GoalList['you']): GoalActorKind {
  if (by.role === 'system') return 'system';
  if (by.role === you.role && (by.role === 'customer' || by.repId === you.repId)) return 'you';
  if (by.role === 'customer') return 'customer';
  return you.role === 'customer' ? 'account-team' : 'rep';
}

/** The field a 400 names (`details[].field`), to mark it invalid. */
function fieldOf(error: ApiError): Field | undefined {
  if (error.status !== 400) return undefined;
  for (const detail of error.details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { field, path } = detail as { field?: unknown; path?: unknown };
    const named = field ?? path;
    if (named === 'target' || named === 'dueDate') return named;
  }
  return undefined;
}

/** Why an action was refused, in the widget's own words and the reader's language (the server's are English only). */
function goalErrorText(gm: GrowthMessages, error: ApiError): string {
  const { errors } = gm.goals;
  if (error.status === 400) {
    const field = fieldOf(error);
    return field === 'target' ? errors.badTarget : field === 'dueDate' ? errors.badDueDate : errors.badRequest;
  }
  if (error.status === 403 && error.code === 'forbidden') return errors.forbidden;
  if (error.status === 404) return errors.notFound;
  if (error.status === 409) {
    if (error.code === 'goal_ended') return errors.ended;
    if (error.code === 'goal_accepted') return errors.accepted;
    if (error.code === 'too_many_goals') return errors.tooMany;
  }
  return requestErrorText(gm, error);
}
