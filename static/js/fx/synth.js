// The game's sounds, synthesised in the browser with Web Audio: oscillators and noise
// shaped by gain envelopes. There are no audio files, so there is no licence to track.
// Every function takes a running AudioContext and the node to play into.

const NOTE = (name) => {
  // 'C5' -> Hz, equal temperament around A4 = 440
  const steps = { C: -9, D: -7, E: -5, F: -4, G: -2, A: 0, B: 2 }[name[0]];
  const sharp = name[1] === '#' ? 1 : 0;
  const octave = Number(name.slice(1 + sharp));
  return 440 * 2 ** ((steps + sharp + (octave - 4) * 12) / 12);
};

/** One note: an oscillator through an attack/decay envelope, optionally filtered. */
export function tone(ctx, out, { freq, at = 0, dur = 0.2, type = 'triangle', gain = 0.2,
  attack = 0.01, slideTo = null, cutoff = null }) {
  const start = ctx.currentTime + at;
  const osc = ctx.createOscillator();
  const env = ctx.createGain();
  osc.type = type;
  osc.frequency.setValueAtTime(typeof freq === 'string' ? NOTE(freq) : freq, start);
  if (slideTo) osc.frequency.exponentialRampToValueAtTime(typeof slideTo === 'string' ? NOTE(slideTo) : slideTo, start + dur);
  env.gain.setValueAtTime(0.0001, start);
  env.gain.exponentialRampToValueAtTime(gain, start + attack);
  env.gain.exponentialRampToValueAtTime(0.0001, start + dur);
  let last = osc;
  if (cutoff) {
    const filter = ctx.createBiquadFilter();
    filter.type = 'lowpass';
    filter.frequency.value = cutoff;
    osc.connect(filter);
    last = filter;
  }
  last.connect(env).connect(out);
  osc.start(start);
  osc.stop(start + dur + 0.05);
}

let noiseBuffer = null;

/** A burst of filtered white noise: a snare hit, a drum roll's stroke. */
export function noise(ctx, out, { at = 0, dur = 0.08, gain = 0.15, cutoff = 3000 }) {
  if (!noiseBuffer || noiseBuffer.sampleRate !== ctx.sampleRate) {
    noiseBuffer = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
    const samples = noiseBuffer.getChannelData(0);
    for (let i = 0; i < samples.length; i += 1) samples[i] = Math.random() * 2 - 1;
  }
  const start = ctx.currentTime + at;
  const src = ctx.createBufferSource();
  const filter = ctx.createBiquadFilter();
  const env = ctx.createGain();
  src.buffer = noiseBuffer;
  filter.type = 'bandpass';
  filter.frequency.value = cutoff;
  env.gain.setValueAtTime(gain, start);
  env.gain.exponentialRampToValueAtTime(0.0001, start + dur);
  src.connect(filter).connect(env).connect(out);
  src.start(start);
  src.stop(start + dur + 0.02);
}

// the cues, by name: what the pages ask for
export const CUES = {
  // a new player in the lobby
  pop: (ctx, out) => tone(ctx, out, { freq: 520, slideTo: 880, dur: 0.12, type: 'sine', gain: 0.15 }),
  // each of the last seconds; `n` seconds left, higher as the end nears
  tick: (ctx, out, n = 5) => tone(ctx, out, { freq: 900 + (5 - n) * 120, dur: 0.06, type: 'square', gain: 0.08, cutoff: 4000 }),
  timeUp: (ctx, out) => tone(ctx, out, { freq: 220, slideTo: 110, dur: 0.5, type: 'sawtooth', gain: 0.12, cutoff: 1200 }),
  // the answer is out: a bright chord
  sting: (ctx, out) => ['C5', 'E5', 'G5', 'C6'].forEach((freq, i) => tone(ctx, out, {
    freq, at: i * 0.04, dur: 0.9, type: 'sawtooth', gain: 0.07, cutoff: 2400 })),
  // a podium step rises
  step: (ctx, out) => {
    tone(ctx, out, { freq: 140, slideTo: 50, dur: 0.35, type: 'sine', gain: 0.5 });
    noise(ctx, out, { dur: 0.15, gain: 0.12, cutoff: 1800 });
  },
  // the wait for first place
  drumroll: (ctx, out, seconds = 1.6) => {
    for (let t = 0; t < seconds; t += 0.055) {
      noise(ctx, out, { at: t, dur: 0.05, gain: 0.03 + 0.1 * (t / seconds), cutoff: 2200 });
    }
  },
  fanfare: (ctx, out) => {
    const notes = [['G4', 0, 0.14], ['G4', 0.15, 0.14], ['G4', 0.3, 0.14], ['C5', 0.45, 0.45],
      ['G4', 0.95, 0.2], ['C5', 1.2, 1.1]];
    for (const [freq, at, dur] of notes) {
      tone(ctx, out, { freq, at, dur, type: 'sawtooth', gain: 0.1, cutoff: 2600, attack: 0.02 });
      tone(ctx, out, { freq: NOTE(freq) * 1.5, at, dur, type: 'triangle', gain: 0.05 });
    }
    ['C4', 'E4', 'G4'].forEach((freq) => tone(ctx, out, { freq, at: 1.2, dur: 1.4, type: 'triangle', gain: 0.08 }));
  },
  // the phone, once a player turned sound on
  right: (ctx, out) => ['C5', 'E5', 'G5'].forEach((freq, i) => tone(ctx, out, { freq, at: i * 0.09, dur: 0.3, gain: 0.18 })),
  wrong: (ctx, out) => tone(ctx, out, { freq: 'E3', slideTo: 'C3', dur: 0.45, type: 'square', gain: 0.08, cutoff: 900 }),
  neutral: (ctx, out) => tone(ctx, out, { freq: 'A4', dur: 0.35, type: 'sine', gain: 0.15 }),
};

// lobby music: an arpeggio over C - Am - F - G, two bars each, at 120 beats a minute
const CHORDS = [['C3', 'C4', 'E4', 'G4'], ['A2', 'A3', 'C4', 'E4'], ['F2', 'F3', 'A3', 'C4'], ['G2', 'G3', 'B3', 'D4']];
const STEP = 0.25; // an eighth note
const ARP = [1, 2, 3, 2, 1, 2, 3, 2];

/** Loops until stopped: notes are scheduled a little ahead on the audio clock. */
export function lobbyMusic(ctx, out) {
  let next = ctx.currentTime + 0.1;
  let step = 0;
  const timer = setInterval(() => {
    while (next < ctx.currentTime + 0.5) {
      const chord = CHORDS[Math.floor(step / 16) % CHORDS.length];
      const at = next - ctx.currentTime;
      if (step % 8 === 0) tone(ctx, out, { freq: chord[0], at, dur: STEP * 7, type: 'triangle', gain: 0.1 });
      tone(ctx, out, { freq: chord[ARP[step % 8]], at, dur: STEP * 0.9, type: 'sine', gain: 0.05 });
      if (step % 4 === 2) noise(ctx, out, { at, dur: 0.04, gain: 0.015, cutoff: 8000 });
      next += STEP;
      step += 1;
    }
  }, 100);
  return () => clearInterval(timer);
}
