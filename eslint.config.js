import tseslint from 'typescript-eslint';

/**
 * Layer boundaries (../shared/design/ARCHITECTURE.md), enforced here rather than by good intentions:
 *   schema ← reference, metrics ← methods; reference, metrics ← gpu ← engine ← worker
 *   schema ← url ← state (+client) ← features ← app; views and ui are leaves.
 *   cli is a top layer over engine, gpu, models, reference, schema and url (Node only); nothing imports it.
 * Nothing that runs in the worker or on the GPU imports React, the DOM layer or the store.
 */
const layer = (files, forbidden, message, typeOnly = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((group) => ({ group: [group], message })),
          ...typeOnly.map((group) => ({ group: [group], message: `${message} (types only)`, allowTypeImports: true })),
        ],
      },
    ],
  },
});

const UI = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'd3'];
const APP_LAYERS = ['**/state/*', '**/features/*', '**/features/**', '**/app/*', '**/views/*', '**/ui/*', '**/client/*', '**/cli/*'];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-cli/**', 'node_modules/**', 'test-results/**', '.device/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Product code (tests spread small literal arrays freely).
    files: ['src/**/*.ts', 'src/**/*.tsx', 'bin/**', 'scripts/**', 'tools/**', 'bench/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      // Spreading an array into a call passes one argument per element: past ~10⁵ elements (a
      // 400 × 400 map) it throws "Maximum call stack size exceeded". Loop instead (src/schema/extent.ts).
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression > SpreadElement', message: 'No spread arguments: over data arrays they overflow the call stack. Loop (maxOf/minOf in src/schema/extent.ts, a for-of push).' },
        { selector: 'NewExpression > SpreadElement', message: 'No spread arguments: over data arrays they overflow the call stack.' },
        { selector: "CallExpression[callee.property.name='apply'][callee.object.type='MemberExpression']", message: 'No fn.apply(this, array): over data arrays it overflows the call stack.' },
      ],
    },
  },
  layer(['src/schema/**'], ['../*', '!./*'], 'schema imports nothing from other layers'),
  layer(['src/reference/**', 'src/metrics/**'], [...UI, 'comlink', '**/gpu/*', '**/engine/*', '**/worker/*', ...APP_LAYERS], 'twins and metrics depend on schema only'),
  layer(['src/methods/**'], [...UI, 'comlink', '**/gpu/*', '**/engine/*', '**/worker/*', ...APP_LAYERS], 'methods/ is pure maths: schema, reference and metrics only'),
  layer(['src/gpu/**'], [...UI, 'comlink', '**/engine/*', '**/worker/*', ...APP_LAYERS], 'gpu/ knows nothing of the engine, worker, React or the store'),
  layer(['src/engine/**'], [...UI, 'comlink', '**/worker/*', ...APP_LAYERS], 'engine/ runs in the worker, Node and the CLI: no React, DOM layers or comlink'),
  layer(['src/models/**'], [...UI, 'comlink', '**/worker/*', ...APP_LAYERS], 'models/ runs in the worker and Node: no React, DOM layers or comlink'),
  layer(['src/worker/**'], [...UI, ...APP_LAYERS], 'the worker knows nothing of React or the store'),
  layer(['src/client/**'], [...UI, '**/state/*', '**/features/*', '**/app/*', '**/gpu/*', '**/engine/*'], 'client/ is between state and worker', ['**/worker/*']),
  layer(['src/url/**'], [...UI, 'comlink', '**/gpu/*', '**/worker/*', '**/client/*', '**/state/*', '**/features/*', '**/app/*'], 'url/ depends on schema only'),
  layer(['src/state/**'], ['react-dom', 'd3', 'comlink', '**/gpu/*', '**/features/*', '**/app/*', '**/views/*'], 'state/ holds no components and runs no GPU work'),
  layer(['src/views/**'], ['react', 'react-dom', 'zustand', 'zustand/*', 'comlink', '**/state/*', '**/client/*', '**/gpu/*', '**/worker/*'], 'views are pure D3 renderers'),
  layer(['src/features/**'], ['comlink', '**/gpu/*', '**/worker/*', '**/engine/*', '**/client/*'], 'features read the store; they never call the GPU or worker'),
  layer(['src/cli/**'], [...UI, 'comlink', '**/worker/*', ...APP_LAYERS], 'cli/ runs the engine in Node: no React, DOM layers, store, comlink or worker'),
);
