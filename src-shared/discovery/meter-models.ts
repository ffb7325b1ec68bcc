/**
 * Readable model names for the Shelly meters staff meet most, from the model code a meter answers with
 * (`Shelly.GetDeviceInfo`'s `app`, Gen1 announce's `model`) or from the stem of its id (`shellypmminig3-…`).
 * Unknown codes stay as they are; an unknown id stem names no model.
 */

const BY_CODE: Record<string, string> = {
  // Gen2/Gen3 `app`
  MiniPMG3: 'Shelly PM Mini Gen3',
  PlusPMMini: 'Shelly Plus PM Mini',
  Mini1PMG3: 'Shelly 1PM Mini Gen3',
  Plus1PM: 'Shelly Plus 1PM',
  Plus1PMMini: 'Shelly Plus 1PM Mini',
  Plus2PM: 'Shelly Plus 2PM',
  PlusPlugS: 'Shelly Plus Plug S',
  Pro1PM: 'Shelly Pro 1PM',
  // Gen1 `model`
  'SHPLG-S': 'Shelly Plug S',
  'SHSW-PM': 'Shelly 1PM',
  'SHSW-25': 'Shelly 2.5',
  SHEM: 'Shelly EM',
};

const BY_ID_STEM: Record<string, string> = {
  shellypmminig3: 'Shelly PM Mini Gen3',
  shellypmmini: 'Shelly Plus PM Mini',
  shelly1pmminig3: 'Shelly 1PM Mini Gen3',
  shellyplus1pm: 'Shelly Plus 1PM',
  shellyplus1pmmini: 'Shelly Plus 1PM Mini',
  shellyplus2pm: 'Shelly Plus 2PM',
  shellyplusplugs: 'Shelly Plus Plug S',
  shellypro1pm: 'Shelly Pro 1PM',
  'shellyplug-s': 'Shelly Plug S',
  shelly1pm: 'Shelly 1PM',
  shellyswitch25: 'Shelly 2.5',
  shellyem: 'Shelly EM',
};

/** A readable name for a model code; the code itself when it is not one we know. */
export function modelLabel(code: string): string {
  return BY_CODE[code] ?? code.slice(0, 60);
}

/** The model a Shelly id names (`shellyplus1pm-3c61057263dc` → Shelly Plus 1PM), or null. */
export function modelFromShellyId(shellyId: string): string | null {
  const dash = shellyId.lastIndexOf('-');
  if (dash <= 0) return null;
  return BY_ID_STEM[shellyId.slice(0, dash).toLowerCase()] ?? null;
}
