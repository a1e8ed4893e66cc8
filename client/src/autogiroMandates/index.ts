import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import { MandateQueue } from './MandateQueue';

export default {
  icon: AccountBalanceIcon,
  list: MandateQueue,
};
