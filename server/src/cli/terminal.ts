/** Output for a terminal: plan text with its control characters shown escaped. */
export { escapeControls } from '../util/controls';
