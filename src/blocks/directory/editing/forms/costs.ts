import type { CostOption, Service } from '../../oruk/schemas.js';
import { checkText, field, LIMITS, newId, optional, type FieldError, type FormBody, type FormResult } from './fields.js';

/**
 * What the service costs: free, or one or more amounts (each with its currency and what it is
 * for). A free service is one ORUK cost option of amount 0, so "free" is said, not guessed from
 * an empty list. Search reads charges from the amounts.
 */
export const CURRENCIES = ['GBP', 'EUR'] as const;
export const MAX_COSTS = 10;

export interface CostValues {
  amount: string;
  currency: string;
  description: string;
}

export interface CostsValues {
  free: '' | 'yes' | 'no';
  costs: CostValues[];
}

const isFreeRow = (c: CostOption) => c.amount === 0;

export function costsValues(service: Service): CostsValues {
  const options = service.cost_options ?? [];
  const charged = options.filter((c) => !isFreeRow(c));
  const costs = charged.map((c) => ({
    amount: c.amount === undefined ? '' : c.amount.toFixed(2),
    currency: c.currency ?? 'GBP',
    description: c.option ?? c.amount_description ?? '',
  }));
  return {
    free: options.length === 0 ? '' : charged.length ? 'no' : 'yes',
    costs: costs.length ? costs : [{ amount: '', currency: 'GBP', description: '' }],
  };
}

export function readCosts(body: FormBody): { values: CostsValues; rowsChanged: boolean } {
  const costs: CostValues[] = [];
  for (let i = 0; i < MAX_COSTS; i++) {
    if (!(`cost-${i}-amount` in body)) continue;
    costs.push({ amount: field(body, `cost-${i}-amount`), currency: field(body, `cost-${i}-currency`) || 'GBP', description: field(body, `cost-${i}-description`) });
  }
  const free = field(body, 'free');
  const action = field(body, 'action');
  let rowsChanged = false;
  const remove = /^remove-cost-(\d)$/.exec(action);
  if (action === 'add-cost') {
    if (costs.length < MAX_COSTS) costs.push({ amount: '', currency: 'GBP', description: '' });
    rowsChanged = true;
  } else if (remove) {
    costs.splice(Number(remove[1]), 1);
    rowsChanged = true;
  }
  return { values: { free: free === 'yes' || free === 'no' ? free : '', costs }, rowsChanged };
}

/** "£3.50", "3.5", "3" as a number of pounds (or euros) with at most two decimals. */
export function parseAmount(value: string): number | undefined {
  const m = /^[£€]?\s*(\d{1,6})(?:\.(\d{1,2}))?$/.exec(value.replace(/,/g, ''));
  return m ? Number(`${m[1]}.${(m[2] ?? '0').padEnd(2, '0')}`) : undefined;
}

export function applyCosts(service: Service, values: CostsValues): FormResult<Service> {
  const errors: FieldError[] = [];
  if (!values.free) errors.push({ field: 'free', key: 'directory.edit.error.free_missing' });
  const rows: CostOption[] = [];
  if (values.free === 'no') {
    values.costs.forEach((c, i) => {
      if (!c.amount && !c.description) return;
      const amount = parseAmount(c.amount);
      if (!c.amount) errors.push({ field: `cost-${i}-amount`, key: 'directory.edit.error.required', params: { what: 'amount' } });
      else if (amount === undefined || amount <= 0) errors.push({ field: `cost-${i}-amount`, key: 'directory.edit.error.amount' });
      if (!(CURRENCIES as readonly string[]).includes(c.currency)) errors.push({ field: `cost-${i}-currency`, key: 'directory.edit.error.currency' });
      checkText(errors, `cost-${i}-description`, c.description, { required: true, max: LIMITS.short, what: 'cost_description' });
      if (amount !== undefined && amount > 0) {
        const same = (service.cost_options ?? []).find((o) => o.amount === amount && (o.option ?? o.amount_description) === c.description);
        rows.push(optional({ id: same?.id ?? newId(), amount, currency: c.currency, option: c.description } as CostOption, 'option', c.description || undefined));
      }
    });
    if (!errors.length && !rows.length) errors.push({ field: 'cost-0-amount', key: 'directory.edit.error.costs_missing' });
  }
  if (errors.length) return { errors };
  if (values.free === 'yes') {
    const same = (service.cost_options ?? []).find(isFreeRow);
    rows.push({ id: same?.id ?? newId(), amount: 0, currency: 'GBP', option: 'Free' });
  }
  return { document: { ...service, cost_options: rows } };
}
