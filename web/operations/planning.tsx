/** The planning view: one drawn timeline per unit for a week at a location — holds, confirmed reservations, free time. */
import type { OpsBoot, PlanningBooking, PlanningResponse, PlanningRow } from '../../functions/operations/api';
import { api, ApiError } from './api';
import { dayName, span, when } from './format';
import type { View } from './queue';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1100;
const LABEL = 190;
const TRACK = WIDTH - LABEL - 10;
const ROW = 30;
const HEAD = 44;
const WEEK_MINUTES = 7 * 1440;

function minutesOf(local: string): number {
  return Date.parse(`${local}:00Z`) / 60000;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Bookings that overlap go on separate lanes (only rows of unassigned holds can overlap). */
function lanes(bookings: PlanningBooking[]): PlanningBooking[][] {
  const result: PlanningBooking[][] = [];
  for (const booking of [...bookings].sort((a, b) => a.from.localeCompare(b.from))) {
    const lane = result.find((l) => l[l.length - 1].to <= booking.from);
    if (lane) lane.push(booking);
    else result.push([booking]);
  }
  return result.length ? result : [[]];
}

export function planningView(boot: OpsBoot, params: URLSearchParams, go: (hash: string) => void): View {
  let location = params.get('location') ?? boot.locations[0]?.id ?? '';
  let week = params.get('week') ?? new Date().toISOString().slice(0, 10);
  const picker = (
    <select name="location" aria-label="Location">
      {boot.locations.map((l) => (
        <option value={l.id}>{l.name}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  picker.value = location;
  const weekInput = (<input type="date" name="week" aria-label="Week of" value={week} />) as HTMLInputElement;
  const button = (label: string, days: number) => {
    const b = (
      <button type="button" class="button secondary small">
        {label}
      </button>
    ) as HTMLButtonElement;
    b.addEventListener('click', () => {
      week = addDays(week, days);
      weekInput.value = week;
      void load();
    });
    return b;
  };
  const canvas = (<div class="planning-canvas" tabIndex={0} role="region" aria-label="Planning chart" />) as HTMLElement;
  const summary = (<p class="muted" aria-live="polite" />) as HTMLElement;
  picker.addEventListener('change', () => {
    location = picker.value;
    void load();
  });
  weekInput.addEventListener('change', () => {
    if (weekInput.value) week = weekInput.value;
    void load();
  });

  function bar(booking: PlanningBooking, y: number, start: number): SVGElement {
    const x = LABEL + ((minutesOf(booking.from) - start) / WEEK_MINUTES) * TRACK;
    const w = Math.max(3, ((minutesOf(booking.to) - minutesOf(booking.from)) / WEEK_MINUTES) * TRACK);
    const label = `${booking.requestId} · ${booking.status === 'confirmed' ? 'confirmed' : 'held, not confirmed'} · ${booking.requester} (${booking.connection}) · ${when(booking.period.pickup)} – ${when(booking.period.return)}`;
    const group = (
      <g class={`booking ${booking.status}`} tabIndex={0} role="link" aria-label={label} data-request-id={booking.requestId}>
        <title namespaceURI={SVG}>{label}</title>
        <rect x={x} y={y + 4} width={w} height={ROW - 8} rx={4} />
        {w > 70 ? (
          <text x={x + 6} y={y + ROW / 2 + 4} class="booking-label">
            {booking.requestId}
          </text>
        ) : (
          ''
        )}
      </g>
    ) as SVGElement;
    const open = () => go(`#/requests/${encodeURIComponent(booking.requestId)}`);
    group.addEventListener('click', open);
    group.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') open();
    });
    return group;
  }

  function draw(plan: PlanningResponse): void {
    const start = minutesOf(`${plan.weekStart}T00:00`);
    const rows: { row: PlanningRow; lane: PlanningBooking[]; label: string; sub: string; kind: 'unit' | 'unassigned' }[] = [];
    for (const row of plan.units) rows.push({ row, lane: row.bookings, label: row.plate!, sub: row.typeName, kind: 'unit' });
    for (const row of plan.unassigned) {
      lanes(row.bookings).forEach((lane, i) => rows.push({ row, lane, label: i ? '' : 'No unit yet', sub: i ? '' : row.typeName, kind: 'unassigned' }));
    }
    const height = HEAD + rows.length * ROW + 8;
    const dayWidth = TRACK / 7;
    const nowX = LABEL + ((Date.now() / 60000 + 60 - start) / WEEK_MINUTES) * TRACK;
    const svg = (
      <svg class="planning" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`Planning for ${plan.location.name}, week of ${dayName(plan.weekStart)}`}>
        {plan.days.map((day, i) => (
          <g class="day">
            <rect x={LABEL + i * dayWidth} y={HEAD - 6} width={dayWidth} height={height - HEAD + 6} class={i >= 5 ? 'weekend' : 'weekday'} />
            <rect x={LABEL + i * dayWidth + dayWidth / 2} y={HEAD - 6} width={0.5} height={height - HEAD + 6} class="noon" />
            <text x={LABEL + i * dayWidth + 6} y={18} class="day-label">
              {dayName(day)}
            </text>
            <text x={LABEL + i * dayWidth + 6} y={33} class="half-label">
              am
            </text>
            <text x={LABEL + i * dayWidth + dayWidth / 2 + 6} y={33} class="half-label">
              pm
            </text>
          </g>
        ))}
        {rows.map(({ lane, label, sub, kind }, i) => {
          const y = HEAD + i * ROW;
          return (
            <g class={`row ${kind}`} data-plate={kind === 'unit' ? label : undefined}>
              <rect x={LABEL} y={y + 4} width={TRACK} height={ROW - 8} class={kind === 'unit' ? 'free' : 'lane'} />
              <text x={6} y={y + ROW / 2 + 1} class="row-label">
                {label}
              </text>
              <text x={6} y={y + ROW / 2 + 12} class="row-sub">
                {sub}
              </text>
              {lane.map((b) => bar(b, y, start))}
            </g>
          );
        })}
        {nowX > LABEL && nowX < LABEL + TRACK ? <rect x={nowX} y={HEAD - 6} width={2} height={height - HEAD + 6} class="now" /> : ''}
      </svg>
    ) as SVGElement;
    const booked = plan.units.filter((u) => u.bookings.length).length;
    const unassigned = plan.unassigned.reduce((n, r) => n + r.bookings.length, 0);
    const free = plan.units.reduce((n, u) => n + u.freeMinutes, 0);
    summary.textContent = `${plan.units.length} units; ${booked} with bookings this week; ${unassigned} held request(s) without a unit; ${span(free)} of unit time free.`;
    canvas.replaceChildren(svg);
    document.body.dataset.ready = 'true';
  }

  async function load(): Promise<void> {
    history.replaceState(null, '', `#/planning?location=${encodeURIComponent(location)}&week=${week}`);
    try {
      draw(await api.get<PlanningResponse>(`/planning?location=${encodeURIComponent(location)}&week=${week}`));
    } catch (error) {
      if (error instanceof ApiError) summary.textContent = error.message;
    }
  }
  void load();

  const element = (
    <section class="planning-view" aria-labelledby="planning-title">
      <h1 id="planning-title">Planning</h1>
      <div class="filters">
        {picker}
        {button('← Week', -7)}
        {weekInput}
        {button('Week →', 7)}
      </div>
      <ul class="legend">
        <li>
          <span class="swatch confirmed" /> confirmed
        </li>
        <li>
          <span class="swatch requested" /> held, not confirmed
        </li>
        <li>
          <span class="swatch free" /> free
        </li>
      </ul>
      {canvas}
      {summary}
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}
