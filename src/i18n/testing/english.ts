/** Vitest setup: the English dictionary is showing, as main.tsx makes sure before the first render. */
import { dict } from '../en/index.ts';
import { useDictionary } from '../index.ts';

useDictionary('en', dict);
