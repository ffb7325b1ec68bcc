export * from './describe-session-time';
export * from './session-simulator';
export * from './simulate-sessions';
