// Injected into the technician's page before the app loads: records every
// sound the page starts and the state of its AudioContext at that moment,
// so a test can assert that a real, running context played the alert.
export const AUDIO_PROBE = () => {
  const played: { state: string; time: number }[] = [];
  (window as any).__raPlayed = played;
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (...args: any[]) {
    played.push({ state: this.context.state, time: this.context.currentTime });
    return start.apply(this, args as any);
  };
};
