/** Side-view drawings of the body shapes, facing right, drawn in the vehicle type's colour. */
import type { BodyShape } from '../../functions/catalog/vehicles';

interface Drawing {
  /** Outline of the painted body, wheel arches included. */
  body: string;
  /** Side windows. */
  glass: string;
  /** Pillars between windows: x positions. */
  pillars: number[];
  /** Door seams and other panel lines. */
  seams: string;
  /** Wheel centres (x) and radius; all wheels stand on the ground line. */
  wheels: [number, number];
  wheelRadius: number;
  headlight: string;
  taillight: string;
  /** Roof rails, bumpers and cladding: dark trim. */
  trim?: string;
}

const GROUND = 136;

const DRAWINGS: Record<BodyShape, Drawing> = {
  hatchback: {
    body: 'M52 114 L47 94 Q46 80 54 72 L74 50 Q79 45 88 45 L166 44 Q176 44 183 51 L208 76 L252 83 Q268 86 272 98 L274 108 Q274 114 268 114 L248 114 A27 27 0 0 0 194 114 L126 114 A27 27 0 0 0 72 114 Z',
    glass: 'M62 74 L80 53 Q84 49 91 49 L163 48 Q171 48 176 53 L198 76 Z',
    pillars: [132],
    seams: 'M132 78 L130 112 M186 79 Q191 94 187 110 M84 82 L180 82',
    wheels: [99, 221],
    wheelRadius: 21,
    headlight: 'M258 88 Q268 89 271 97 L258 96 Z',
    taillight: 'M48 84 L56 82 L56 94 L48 96 Z',
  },
  sedan: {
    body: 'M34 113 L31 94 Q31 83 42 81 L82 77 L108 51 Q114 45 124 45 L186 45 Q195 45 201 51 L228 77 L270 83 Q287 86 290 98 L292 108 Q292 114 286 114 L263 114 A27 27 0 0 0 209 114 L113 114 A27 27 0 0 0 59 114 Z',
    glass: 'M92 77 L112 55 Q117 50 126 50 L183 50 Q190 50 195 55 L218 77 Z',
    pillars: [154],
    seams: 'M154 80 L152 112 M203 80 Q208 94 203 110 M100 84 L202 84 M82 80 L84 96',
    wheels: [86, 236],
    wheelRadius: 21,
    headlight: 'M274 88 Q286 90 289 97 L274 96 Z',
    taillight: 'M32 88 L42 86 L42 96 L32 97 Z',
  },
  estate: {
    body: 'M34 113 L31 92 Q31 78 38 68 L52 51 Q57 46 66 46 L186 45 Q195 45 201 51 L228 77 L270 83 Q287 86 290 98 L292 108 Q292 114 286 114 L263 114 A27 27 0 0 0 209 114 L113 114 A27 27 0 0 0 59 114 Z',
    glass: 'M44 77 L56 56 Q60 50 68 50 L183 50 Q190 50 195 55 L218 77 Z',
    pillars: [102, 156],
    seams: 'M156 80 L154 112 M203 80 Q208 94 203 110 M102 80 L104 112 M60 84 L202 84',
    wheels: [86, 236],
    wheelRadius: 21,
    headlight: 'M274 88 Q286 90 289 97 L274 96 Z',
    taillight: 'M32 82 L40 80 L40 94 L32 95 Z',
    trim: 'M64 42 L182 41',
  },
  suv: {
    body: 'M36 111 L34 72 Q34 58 42 50 L58 33 Q62 29 70 29 L188 29 Q197 29 203 36 L230 64 L270 71 Q287 74 288 88 L288 106 Q288 112 282 112 L270 112 A31 31 0 0 0 208 112 L118 112 A31 31 0 0 0 56 112 Z',
    glass: 'M44 64 L61 39 Q65 34 72 34 L186 34 Q193 34 198 40 L220 64 Z',
    pillars: [102, 158],
    seams: 'M158 68 L156 106 M203 68 Q208 84 202 104 M102 68 L104 106 M58 74 L204 74',
    wheels: [87, 239],
    wheelRadius: 24,
    headlight: 'M272 76 Q285 78 287 86 L272 85 Z',
    taillight: 'M35 70 L44 68 L44 84 L35 85 Z',
    trim: 'M66 25 L184 25 M34 104 L50 104 M126 106 L200 106 M278 104 L289 104',
  },
  van: {
    body: 'M24 112 L22 30 Q22 20 32 20 L210 20 Q222 20 229 28 L257 62 L286 70 Q296 74 296 86 L298 106 Q298 112 292 112 L273 112 A29 29 0 0 0 215 112 L97 112 A29 29 0 0 0 39 112 Z',
    glass: 'M208 27 L216 27 Q222 27 226 32 L248 62 L208 62 Z',
    pillars: [],
    seams: 'M202 24 L202 106 M130 24 L130 106 M28 24 L28 106 M24 70 L252 70',
    wheels: [68, 244],
    wheelRadius: 23,
    headlight: 'M280 72 Q292 74 295 82 L280 82 Z',
    taillight: 'M22 70 L30 70 L30 90 L22 90 Z',
    trim: 'M24 104 L36 104 M132 104 L210 104 M282 104 L298 104 M104 64 L116 64',
  },
  minibus: {
    body: 'M24 112 L22 30 Q22 20 32 20 L210 20 Q222 20 229 28 L257 62 L286 70 Q296 74 296 86 L298 106 Q298 112 292 112 L273 112 A29 29 0 0 0 215 112 L97 112 A29 29 0 0 0 39 112 Z',
    glass: 'M34 28 L196 28 L196 58 L34 58 Z M208 27 L216 27 Q222 27 226 32 L248 62 L208 62 Z',
    pillars: [78, 122, 162],
    seams: 'M202 24 L202 106 M122 60 L122 106 M28 24 L28 106 M24 70 L252 70',
    wheels: [68, 244],
    wheelRadius: 23,
    headlight: 'M280 72 Q292 74 295 82 L280 82 Z',
    taillight: 'M22 70 L30 70 L30 90 L22 90 Z',
    trim: 'M24 104 L36 104 M132 104 L210 104 M282 104 L298 104',
  },
};

function Wheel({ x, r }: { x: number; r: number }) {
  const y = GROUND - r;
  return (
    <g>
      <circle cx={x} cy={y} r={r} fill="#1f2328" />
      <circle cx={x} cy={y} r={r * 0.62} fill="#d0d5db" stroke="#8c959f" strokeWidth={1} />
      <circle cx={x} cy={y} r={r * 0.42} fill="none" stroke="#aab1b9" strokeWidth={2} />
      <circle cx={x} cy={y} r={r * 0.16} fill="#6e7781" />
    </g>
  );
}

const SHADE = 'vehicle-art-shade';
const SKY = 'vehicle-art-sky';
const symbolId = (body: BodyShape) => `vehicle-art-${body}`;

/** One body shape, painted in `currentColor`: each card's `<use>` sets its vehicle type's colour. */
function Drawn({ body }: { body: BodyShape }) {
  const drawing = DRAWINGS[body];
  const [rear, front] = drawing.wheels;
  const glass = `${symbolId(body)}-glass`;
  return (
    <symbol id={symbolId(body)} viewBox="0 0 320 150">
      <clipPath id={glass}>
        <path d={drawing.glass} />
      </clipPath>
      <ellipse cx={(rear + front) / 2} cy={GROUND + 1} rx={(front - rear) / 2 + 70} ry={5} fill="#000000" fillOpacity={0.16} />
      <path d={drawing.body} fill="currentColor" stroke="#1f2328" strokeOpacity={0.35} strokeWidth={1.5} strokeLinejoin="round" />
      <path d={drawing.body} fill={`url(#${SHADE})`} />
      <path d={drawing.glass} fill={`url(#${SKY})`} />
      <g clipPath={`url(#${glass})`}>
        <path d="M40 80 L120 0 L150 0 L70 80 Z M100 80 L180 0 L192 0 L112 80 Z" fill="#ffffff" fillOpacity={0.14} />
        {drawing.pillars.map((x) => (
          <rect x={x - 3} y={0} width={6} height={150} fill="currentColor" />
        ))}
      </g>
      <path d={drawing.seams} fill="none" stroke="#000000" strokeOpacity={0.25} strokeWidth={1.2} />
      {drawing.trim ? <path d={drawing.trim} fill="none" stroke="#2d333b" strokeWidth={4} strokeLinecap="round" /> : null}
      <path d={drawing.headlight} fill="#fff4c2" stroke="#000000" strokeOpacity={0.25} />
      <path d={drawing.taillight} fill="#c9302c" />
      <Wheel x={rear} r={drawing.wheelRadius} />
      <Wheel x={front} r={drawing.wheelRadius} />
    </symbol>
  );
}

export interface VehicleArtSheet {
  /** The hidden `<svg>` holding the drawings (and their shared gradients); belongs once in the page. */
  element: SVGSVGElement;
  /** The illustration of a vehicle type: decorative, the card names the vehicle in text. */
  art(body: BodyShape, colour: string): SVGSVGElement;
}

/**
 * The drawings, each drawn once: a shape's ~30 elements go into one `<symbol>` the first time a card
 * shows it, and every card is an `<svg>` with one `<use>` (a dozen cards were ~430 SVG elements to build
 * before the first screen). The colour travels as the `color` presentation attribute, not a style: the
 * page's CSP allows no inline styles.
 */
export function vehicleArtSheet(): VehicleArtSheet {
  const drawn = new Set<BodyShape>();
  const element = (
    <svg class="vehicle-art-sheet" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id={SHADE} x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#ffffff" stopOpacity={0.35} />
          <stop offset="0.45" stopColor="#ffffff" stopOpacity={0} />
          <stop offset="1" stopColor="#000000" stopOpacity={0.22} />
        </linearGradient>
        <linearGradient id={SKY} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#4b6378" />
          <stop offset="1" stopColor="#22303d" />
        </linearGradient>
      </defs>
    </svg>
  ) as SVGSVGElement;
  function art(requested: BodyShape, colour: string): SVGSVGElement {
    const body = requested in DRAWINGS ? requested : 'hatchback';
    if (!drawn.has(body)) {
      drawn.add(body);
      element.append(<Drawn body={body} />);
    }
    return (
      <svg class="vehicle-art" viewBox="0 0 320 150" aria-hidden="true" focusable="false">
        <use href={`#${symbolId(body)}`} color={colour} />
      </svg>
    ) as SVGSVGElement;
  }
  return { element, art };
}
