// Guidepost from the two-file IIFE's core file (window.Guidepost); the UI file loads on first need.
import { useGuidepost } from './guidepost-adapter.js';

useGuidepost(window.Guidepost.createGuidepost, 'guidepost-core');
