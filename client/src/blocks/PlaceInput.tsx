import { Autocomplete, TextField } from '@mui/material';
import { useInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { suggestedBlockPlaces } from '@domain/blocks';
import type { BlockKind } from '@domain/values';

/** Where the block was placed: the credit bureaus and authorities for its kind as choices, or any place typed. */
export function PlaceInput() {
  const translate = useTranslate();
  const kind = useWatch({ name: 'kind' }) as BlockKind | undefined;
  const { field, fieldState } = useInput({ source: 'placed_with' });
  const options = suggestedBlockPlaces(kind);
  return (
    <Autocomplete
      freeSolo
      options={options}
      value={field.value ?? ''}
      onChange={(_e, value) => field.onChange(value ?? '')}
      onInputChange={(_e, value) => field.onChange(value)}
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={field.ref}
          name={field.name}
          onBlur={field.onBlur}
          label={translate('resources.blocks.fields.placed_with')}
          error={!!fieldState.error}
          helperText={
            fieldState.error?.message
              ? translate(fieldState.error.message, { _: fieldState.error.message })
              : translate('blocks.place_hint')
          }
          margin="dense"
          size="small"
        />
      )}
    />
  );
}
