// Colour scales of the score map as explicit stops, so the below-threshold grey band can be spliced in front of them.

export type ColourScaleName = 'viridis' | 'inferno' | 'hot' | 'jet';
export const COLOUR_SCALE_NAMES: readonly ColourScaleName[] = ['viridis', 'inferno', 'hot', 'jet'];

/** Plotly's colorscale form: [position in 0..1, CSS colour]. */
export type ColourStops = [number, string][];

// Sampled from matplotlib's perceptually uniform maps (viridis, inferno); hot and jet as ParaView users know them.
const STOPS: Record<ColourScaleName, string[]> = {
  viridis: [
    '#440154',
    '#482878',
    '#3e4a89',
    '#31688e',
    '#26828e',
    '#1f9e89',
    '#35b779',
    '#6ece58',
    '#b5de2b',
    '#fde725',
  ],
  inferno: [
    '#000004',
    '#1b0c41',
    '#4a0c6b',
    '#781c6d',
    '#a52c60',
    '#cf4446',
    '#ed6925',
    '#fb9b06',
    '#f7d13d',
    '#fcffa4',
  ],
  hot: [
    '#0b0000',
    '#4d0000',
    '#990000',
    '#e60000',
    '#ff3300',
    '#ff8000',
    '#ffcc00',
    '#ffff33',
    '#ffffb3',
    '#ffffff',
  ],
  jet: ['#00007f', '#0000ff', '#007fff', '#00ffff', '#7fff7f', '#ffff00', '#ff7f00', '#ff0000', '#7f0000'],
};

/** Evenly spaced stops of a named scale over [0, 1]. */
export function colourStops(name: ColourScaleName): ColourStops {
  const colours = STOPS[name];
  return colours.map((c, i) => [i / (colours.length - 1), c]);
}

/** The same colours read from the other end (lower-is-better scores: the best, lowest value gets the bright end). */
export function reversedStops(stops: ColourStops): ColourStops {
  return stops.map(([p], i) => [p, stops[stops.length - 1 - i][1]]);
}

/** Grey used for elements below the threshold and for elements without a score. */
export const BELOW_THRESHOLD_GREY = '#bdbdbd';

/**
 * The scale squeezed into [greyFraction, 1] with grey at the bottom of the colour axis, where the
 * sentinel intensity of below-threshold elements sits. WebGL samples the scale from a 256-texel texture
 * with linear filtering, so the grey→colour blend is put in the empty gap (greyFraction/2, greyFraction)
 * where no element lands: the sentinel stays pure grey and the lowest real score keeps its colour.
 */
export function withGreyBand(stops: ColourStops, greyFraction: number): ColourStops {
  if (!(greyFraction > 0 && greyFraction < 1)) return stops.map(([p, c]) => [p, c]);
  const squeezed: ColourStops = stops.map(([p, c]) => [greyFraction + p * (1 - greyFraction), c]);
  return [[0, BELOW_THRESHOLD_GREY], [greyFraction / 2, BELOW_THRESHOLD_GREY], ...squeezed];
}
