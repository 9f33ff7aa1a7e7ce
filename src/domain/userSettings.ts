/** A user's DND and forwards, as `UserConfigUpdate` carries them (stored by persistence). */
export interface ForwardSettings {
  dndEnabled: boolean;
  naFwdEnabled: boolean;
  naFwdDestination: string;
  uncFwdEnabled: boolean;
  uncFwdDestination: string;
  busyFwdEnabled: boolean;
  busyFwdDestination: string;
}
