// The one way both hosts set an unreadable preferences file aside lives in the core.
export { setAsideUnreadableJson } from '../core/set-aside-unreadable-json';
