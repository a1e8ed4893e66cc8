import '@testing-library/jest-dom';
jest.setTimeout(20000);
