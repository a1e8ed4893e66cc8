import EventBusyIcon from '@mui/icons-material/EventBusy';
import { CancellationList } from './CancellationList';
import { CancellationShow } from './CancellationShow';

export default {
  icon: EventBusyIcon,
  list: CancellationList,
  show: CancellationShow,
};
