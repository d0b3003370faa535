// Guidepost from the two-file IIFE with the UI file's tag on the page too (window.Guidepost).
import { useGuidepost } from './guidepost-adapter.js';

useGuidepost(window.Guidepost.createGuidepost, 'guidepost-core-ui');
