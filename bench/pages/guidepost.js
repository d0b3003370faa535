// Guidepost from the single-file IIFE (window.Guidepost), loaded by a deferred <script>.
import { useGuidepost } from './guidepost-adapter.js';

useGuidepost(window.Guidepost.createGuidepost, 'guidepost');
