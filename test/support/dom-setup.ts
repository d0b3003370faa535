// Component tests run in happy-dom; IndexedDB comes from fake-indexeddb.
import 'fake-indexeddb/auto';

import './patient-wait-for';
