import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

jest.setTimeout(20000);
// The machines running these tests are shared: give an answer on screen a few seconds, not one.
configure({ asyncUtilTimeout: 5000 });
